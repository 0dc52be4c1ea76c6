// RFC 9051 §6.3.7 SUBSCRIBE.
import { ok } from '../session/session-api.js';
import { requireMailbox } from '../shared/mailbox-ref.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { accountOf } from './account-of.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const subscribeCommand = defineCommand({
  verb: 'SUBSCRIBE',
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
    else await session.mail.mailboxes.setSubscribed(accountOf(session).id, name, true);
    return ok('SUBSCRIBE completed');
  },
});
