// RFC 2342 / RFC 9051 §6.3.10 NAMESPACE: one personal namespace, "/" as delimiter.
import { atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const namespaceCommand = defineCommand({
  verb: 'NAMESPACE',
  states: authenticatedStates,
  sync: 'none',
  parse(args) {
    args.end();
  },
  async run(session) {
    await session.send([atom('NAMESPACE'), [['', '/']], null, null]);
    return ok('NAMESPACE completed');
  },
});
