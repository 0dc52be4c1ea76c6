// RFC 9051 §6.3.6 RENAME (children follow; INBOX's messages move and INBOX stays).
import { ok } from '../session/session-api.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { CommandError } from './command-error.js';
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
    if (parseSharedPath(from).kind !== 'own' || parseSharedPath(to).kind !== 'own') {
      throw new CommandError('NO', 'Only the owner renames a shared mailbox', 'CANNOT');
    }
    await session.mail.mailboxes.rename(accountOf(session).id, from, to);
    return ok('RENAME completed');
  },
});
