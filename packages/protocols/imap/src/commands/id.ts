// RFC 2971 ID: the client's identification is accepted and ours returned (no version, which
// would help attackers more than clients).
import { atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { badArguments } from './command-error.js';
import { anyState, defineCommand } from './command-spec.js';

export const idCommand = defineCommand({
  verb: 'ID',
  states: anyState,
  sync: 'none',
  parse(args) {
    const token = args.any('ID parameters');
    if (token.type !== 'list' && token.type !== 'nil') badArguments('ID takes a list or NIL');
    args.end();
  },
  async run(session) {
    await session.send([atom('ID'), ['name', 'Chasqui', 'vendor', 'Chasqui']]);
    return ok('ID completed');
  },
});
