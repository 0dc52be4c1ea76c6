// RFC 2342 / RFC 9051 §6.3.10 NAMESPACE: the personal namespace and the other users' one, where
// mailboxes shared with the account appear (RFC 4314); "/" as delimiter in both.
import { atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { sharedPrefix } from '../shared/shared-paths.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const namespaceCommand = defineCommand({
  verb: 'NAMESPACE',
  states: authenticatedStates,
  sync: 'none',
  parse(args) {
    args.end();
  },
  async run(session) {
    await session.send([atom('NAMESPACE'), [['', '/']], [[`${sharedPrefix}/`, '/']], null]);
    return ok('NAMESPACE completed');
  },
});
