// RFC 9208 §4.1.3 SETQUOTA root (STORAGE limit): administrators only (NO [NOPERM] otherwise);
// an empty list removes the account's own limit, leaving its class of service's.
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { CommandError, badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { ownQuotaRoot, quotaResponse } from './quota-response.js';

export const setquotaCommand = defineCommand({
  verb: 'SETQUOTA',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const root = args.astring('quota root');
    const list = args.list('resource limits');
    args.end();
    let storageKib: number | null = null;
    for (let i = 0; i < list.length; i += 2) {
      const [name, limit] = [list[i], list[i + 1]];
      const resource = name?.type === 'atom' ? name.value.toUpperCase() : '';
      if (limit?.type !== 'number') badArguments('Expected resource name and limit pairs');
      if (resource !== 'STORAGE') throw new CommandError('NO', `Cannot limit ${resource.slice(0, 40)}`);
      storageKib = limit.value;
    }
    return { root, storageKib };
  },
  async run(session, { root, storageKib }) {
    if (root !== ownQuotaRoot) throw new CommandError('NO', 'No such quota root', 'NONEXISTENT');
    const accountId = accountOf(session).id;
    await session.mail.quota.setStorageLimit(
      accountId,
      accountId,
      storageKib === null ? null : storageKib * 1024,
    );
    const usage = await session.mail.quota.usage(accountId);
    await session.send(quotaResponse(root, usage));
    return ok('SETQUOTA completed');
  },
});
