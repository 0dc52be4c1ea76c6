// RFC 9051 §6.3.5 DELETE: INBOX and mailboxes with children are refused.
import { isChasquiError } from '@chasqui/core';
import { ok } from '../session/session-api.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { accountOf } from './account-of.js';
import { CommandError } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const deleteCommand = defineCommand({
  verb: 'DELETE',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    args.end();
    return name;
  },
  async run(session, name) {
    try {
      const path = parseSharedPath(name);
      const accountId = accountOf(session).id;
      if (path.kind === 'own') await session.mail.mailboxes.delete(accountId, name);
      else if (path.kind === 'mailbox')
        await session.mail.shared.delete(accountId, path.ownerAddress, path.name);
      else throw new CommandError('NO', 'Cannot delete this', 'CANNOT');
    } catch (error) {
      if (isChasquiError(error, 'CONFLICT')) throw new CommandError('NO', error.message, 'HASCHILDREN');
      throw error;
    }
    // Deleting the selected mailbox leaves nothing selected.
    if (session.selected?.path === name || session.selected?.mailbox.name === name) session.setSelected(null);
    return ok('DELETE completed');
  },
});
