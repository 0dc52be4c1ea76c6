// A mailbox named by a client: one of the account's own, or another account's reached through
// the other users' namespace, with the session account's RFC 4314 rights on it.
import { ChasquiError } from '@chasqui/core';
import { allRights, type Mailbox } from '@chasqui/mail';
import type { SessionApi } from '../session/session-api.js';
import { parseSharedPath, sharedPath } from './shared-paths.js';

export interface MailboxRef {
  readonly mailbox: Mailbox;
  /** The session account's rights (every right on its own mailboxes). */
  readonly rights: string;
  /** The name shown to the client. */
  readonly path: string;
  readonly isShared: boolean;
}

function accountIdOf(session: SessionApi): number {
  if (session.account === null) throw new Error('mailbox lookup before authentication');
  return session.account.id;
}

/** The mailbox a path names, or null when it does not exist or is not visible at all. */
export async function findMailbox(session: SessionApi, path: string): Promise<MailboxRef | null> {
  const accountId = accountIdOf(session);
  const parsed = parseSharedPath(path);
  if (parsed.kind === 'own') {
    const mailbox = await session.mail.mailboxes.get(accountId, path);
    return mailbox && { mailbox, rights: allRights, path: mailbox.name, isShared: false };
  }
  if (parsed.kind !== 'mailbox') return null;
  const found = await session.mail.shared.find(accountId, parsed.ownerAddress, parsed.name);
  if (!found) return null;
  const shownPath = sharedPath(found.ownerAddress, found.mailbox.name);
  return { mailbox: found.mailbox, rights: found.rights, path: shownPath, isShared: !found.isOwner };
}

/** Like findMailbox(), but NOT_FOUND (NO [NONEXISTENT]) when there is none. */
export async function requireMailbox(session: SessionApi, path: string): Promise<MailboxRef> {
  const found = await findMailbox(session, path);
  if (!found) throw new ChasquiError('NOT_FOUND', 'no such mailbox');
  return found;
}
