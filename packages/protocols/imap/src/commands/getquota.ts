// RFC 9208 §4.1.1 GETQUOTA root: the usage and limits of the account's root "".
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { CommandError } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { ownQuotaRoot, quotaResources, quotaResponse } from './quota-response.js';

export const getquotaCommand = defineCommand({
  verb: 'GETQUOTA',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const root = args.astring('quota root');
    args.end();
    return root;
  },
  async run(session, root) {
    const usage = await session.mail.quota.usage(accountOf(session).id);
    if (root !== ownQuotaRoot || quotaResources(usage).length === 0) {
      throw new CommandError('NO', 'No such quota root', 'NONEXISTENT');
    }
    await session.send(quotaResponse(root, usage));
    return ok('GETQUOTA completed');
  },
});
