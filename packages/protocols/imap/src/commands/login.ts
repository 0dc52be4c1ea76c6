// RFC 9051 §6.2.3 LOGIN userid password.
import { defineCommand } from './command-spec.js';
import { logIn, requirePrivacy } from './login-flow.js';

export const loginCommand = defineCommand({
  verb: 'LOGIN',
  states: ['not-authenticated'],
  sync: 'none',
  parse(args) {
    const username = args.astring('user name');
    const password = args.astring('password');
    args.end();
    return { username, password };
  },
  run(session, { username, password }) {
    requirePrivacy(session);
    return logIn(session, username, password);
  },
});
