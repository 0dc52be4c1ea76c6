// RFC 9051 §6.3.8 UNSUBSCRIBE.
import { ok } from '../session/session-api.js';
import { requireMailbox } from '../shared/mailbox-ref.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { accountOf } from './account-of.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const unsubscribeCommand = defineCommand({
  verb: 'UNSUBSCRIBE',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    args.end();
    return name;
  },
  async run(session, name) {
    // Another account's mailbox is always listed as subscribed; the command only checks it exists.
    if (parseSharedPath(name).kind !== 'own') await requireMailbox(session, name);
    else await session.mail.mailboxes.setSubscribed(accountOf(session).id, name, false);
    return ok('UNSUBSCRIBE completed');
  },
});
