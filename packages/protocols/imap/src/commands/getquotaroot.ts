// RFC 9208 §4.1.2 GETQUOTAROOT mailbox: the mailbox's quota root ("" for every mailbox of the
// account) and that root's QUOTA; an account without limits has no root.
import { astring, atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { requireMailbox } from '../shared/mailbox-ref.js';
import { accountOf } from './account-of.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { ownQuotaRoot, quotaResources, quotaResponse } from './quota-response.js';

export const getquotarootCommand = defineCommand({
  verb: 'GETQUOTAROOT',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    args.end();
    return name;
  },
  async run(session, name) {
    const accountId = accountOf(session).id;
    const ref = await requireMailbox(session, name);
    const usage = await session.mail.quota.usage(accountId);
    // Another account's mailbox counts against its owner's quota, which is not ours to show.
    const hasQuota = !ref.isShared && quotaResources(usage).length > 0;
    const shown = astring(session.formatMailboxName(ref.path));
    await session.send(
      hasQuota ? [atom('QUOTAROOT'), shown, astring(ownQuotaRoot)] : [atom('QUOTAROOT'), shown],
    );
    if (hasQuota) await session.send(quotaResponse(ownQuotaRoot, usage));
    return ok('GETQUOTAROOT completed');
  },
});
