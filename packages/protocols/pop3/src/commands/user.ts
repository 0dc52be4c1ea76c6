// RFC 1939 §7 USER: names the mailbox; PASS follows. The answer is the same for every name so
// that USER does not reveal which accounts exist.
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { authorizationState, defineCommand } from './command-spec.js';
import { requirePrivacy } from './login-flow.js';

export const userCommand = defineCommand({
  verb: 'USER',
  states: authorizationState,
  parse(args) {
    const [name] = args;
    if (name === undefined || args.length > 1) syntaxError('USER takes one argument: the mailbox name');
    return name;
  },
  run(session, name) {
    requirePrivacy(session);
    session.pendingUser = name;
    return Promise.resolve(ok('Send your password'));
  },
});
