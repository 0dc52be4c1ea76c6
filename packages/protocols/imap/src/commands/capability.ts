// RFC 9051 §6.1.1 CAPABILITY.
import { atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { anyState, defineCommand } from './command-spec.js';

export const capabilityCommand = defineCommand({
  verb: 'CAPABILITY',
  states: anyState,
  sync: 'none',
  parse(args) {
    args.end();
  },
  async run(session) {
    await session.send([atom('CAPABILITY'), ...session.capabilities().map((name) => atom(name))]);
    return ok('CAPABILITY completed');
  },
});
