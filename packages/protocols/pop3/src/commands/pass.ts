// RFC 1939 §7 PASS: the password for the USER name. Everything after "PASS " is the password,
// spaces included (§7 allows it; passphrases have spaces).
import { err } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { authorizationState, defineCommand } from './command-spec.js';
import { authenticate, requirePrivacy } from './login-flow.js';

export const passCommand = defineCommand({
  verb: 'PASS',
  states: authorizationState,
  parse(_args, rest) {
    if (rest === '') syntaxError('PASS takes the password');
    return rest;
  },
  async run(session, password) {
    requirePrivacy(session);
    const username = session.pendingUser;
    if (username === null) return err('Send USER first');
    session.pendingUser = null;
    return authenticate(session, username, password);
  },
});
