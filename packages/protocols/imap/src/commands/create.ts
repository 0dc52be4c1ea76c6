// RFC 9051 §6.3.4 CREATE (parents are created too; a trailing "/" is dropped), RFC 6154 §3
// CREATE-SPECIAL-USE "(USE (\Sent))" and RFC 8474 §4.1 the new MAILBOXID in the reply.
import { isChasquiError, type MailboxRole } from '@chasqui/core';
import { mailboxObjectId } from '@chasqui/mail';
import { atom, type Token } from '../proto/index.js';
import { ok, type SessionApi } from '../session/session-api.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { accountOf } from './account-of.js';
import { CommandError, badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

const useRoles: Readonly<Record<string, MailboxRole>> = {
  '\\SENT': 'sent',
  '\\DRAFTS': 'drafts',
  '\\TRASH': 'trash',
  '\\JUNK': 'junk',
  '\\ARCHIVE': 'archive',
};

/** Reads "(USE (\Sent))": the role asked for, or null. */
function readUse(params: readonly Token[]): MailboxRole | null {
  let role: MailboxRole | null = null;
  for (let i = 0; i < params.length; i++) {
    const name = params[i];
    const value = params[++i];
    if (name?.type !== 'atom' || name.value.toUpperCase() !== 'USE' || value?.type !== 'list') {
      badArguments('Expected USE (attributes)');
    }
    for (const attribute of value.items) {
      const text = attribute.type === 'atom' ? attribute.value.toUpperCase() : '';
      const found = useRoles[text];
      // RFC 6154 §3: an attribute we cannot give is NO [USEATTR].
      if (found === undefined || role !== null)
        throw new CommandError('NO', `Cannot use ${text.slice(0, 40)}`, 'USEATTR');
      role = found;
    }
  }
  return role;
}

/** One's own mailbox, or (RFC 4314 "k") a child of another account's shared mailbox. */
function createMailbox(session: SessionApi, accountId: number, name: string, role: MailboxRole | null) {
  const path = parseSharedPath(name);
  if (path.kind === 'own')
    return session.mail.mailboxes.create(accountId, name, role === null ? {} : { role });
  if (path.kind !== 'mailbox' || role !== null) {
    throw new CommandError('NO', 'Cannot create this in the other users namespace', 'CANNOT');
  }
  return session.mail.shared.create(accountId, path.ownerAddress, path.name);
}

export const createCommand = defineCommand({
  verb: 'CREATE',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    const role = readUse(args.optionalList()?.items ?? []);
    args.end();
    return { name, role };
  },
  async run(session, { name, role }) {
    const accountId = accountOf(session).id;
    const mailbox = await createMailbox(session, accountId, name, role).catch((error: unknown) => {
      if (isChasquiError(error, 'CONFLICT')) throw new CommandError('NO', error.message, 'USEATTR');
      throw error;
    });
    return ok('CREATE completed', { name: 'MAILBOXID', args: [[atom(mailboxObjectId(mailbox.id))]] });
  },
});
