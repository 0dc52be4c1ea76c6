// RFC 9051 §6.3.6 RENAME (children follow; INBOX's messages move and INBOX stays).
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const renameCommand = defineCommand({
  verb: 'RENAME',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const from = args.mailbox();
    const to = args.mailbox();
    args.end();
    return { from, to };
  },
  async run(session, { from, to }) {
    await session.mail.mailboxes.rename(accountOf(session).id, from, to);
    return ok('RENAME completed');
  },
});
