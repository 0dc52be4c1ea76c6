// RFC 9051 §6.1.2 NOOP: nothing, but pending mailbox updates are announced (by the session).
import { ok } from '../session/session-api.js';
import { anyState, defineCommand } from './command-spec.js';

export const noopCommand = defineCommand({
  verb: 'NOOP',
  states: anyState,
  sync: 'full',
  parse(args) {
    args.end();
  },
  run() {
    return Promise.resolve(ok('NOOP completed'));
  },
});
