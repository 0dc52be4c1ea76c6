// RFC 9208 §4.1.2 GETQUOTAROOT mailbox: the mailbox's quota root ("" for every mailbox of the
// account) and that root's QUOTA; an account without limits has no root.
import { astring, atom } from '../proto/index.js';
import { ok } from '../session/session-api.js';
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
    const mailbox = await session.mail.mailboxes.require(accountId, name);
    const usage = await session.mail.quota.usage(accountId);
    const hasQuota = quotaResources(usage).length > 0;
    const shown = astring(session.formatMailboxName(mailbox.name));
    await session.send(
      hasQuota ? [atom('QUOTAROOT'), shown, astring(ownQuotaRoot)] : [atom('QUOTAROOT'), shown],
    );
    if (hasQuota) await session.send(quotaResponse(ownQuotaRoot, usage));
    return ok('GETQUOTAROOT completed');
  },
});
