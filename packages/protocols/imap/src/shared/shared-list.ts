// What LIST shows of the other users' namespace (RFC 2342, RFC 4314 "l"): every shared mailbox
// the account may look up, under "Otros usuarios/<owner>/", with the levels above it as
// \Noselect placeholders so that clients can build the tree. Nothing when nothing is shared.
import { mailboxDelimiter } from '@chasqui/core';
import type { Mailbox } from '@chasqui/mail';
import type { SessionApi } from '../session/session-api.js';
import { sharedPath, sharedPrefix } from './shared-paths.js';

export interface SharedListEntry {
  readonly path: string;
  /** null for a \Noselect level (the namespace root, an owner, an unshared parent). */
  readonly mailbox: Mailbox | null;
}

export async function sharedListEntries(session: SessionApi, accountId: number): Promise<SharedListEntry[]> {
  const shared = await session.mail.shared.list(accountId);
  if (shared.length === 0) return [];
  const entries = new Map<string, Mailbox | null>([[sharedPrefix, null]]);
  for (const { ownerAddress, mailbox } of shared) {
    const path = sharedPath(ownerAddress, mailbox.name);
    const levels = path.split(mailboxDelimiter);
    // The owner's address holds no delimiter, so level 2 is "Otros usuarios/<owner>".
    for (let depth = 2; depth < levels.length; depth++) {
      const parent = levels.slice(0, depth).join(mailboxDelimiter);
      if (!entries.has(parent)) entries.set(parent, null);
    }
    entries.set(path, mailbox);
  }
  return [...entries]
    .map(([path, mailbox]) => ({ path, mailbox }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
