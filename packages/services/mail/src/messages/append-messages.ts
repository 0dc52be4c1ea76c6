// APPEND and MULTIAPPEND (RFC 3502) into a mailbox the actor may insert into: flags cut to what
// the actor may set there, the messages stored in order through ingest and committed together,
// and all taken back when one is refused (quota), as MULTIAPPEND is all or nothing.
import { ChasquiError } from '@chasqui/core';
import type { Store } from '@chasqui/store';
import type { MailboxAccess } from '../acl/mailbox-access.js';
import { grantedFlags } from './cross-account.js';
import type { AppendOptions, IngestAllFunction } from './message-operations.js';

export interface AppendItem extends AppendOptions {
  readonly raw: Uint8Array;
}

export interface AppendDeps {
  readonly store: Store;
  readonly access: MailboxAccess;
  readonly ingestAll: IngestAllFunction;
}

export async function appendMessages(
  deps: AppendDeps,
  actorId: number,
  mailboxId: number,
  items: readonly AppendItem[],
  onTakenBack: (accountId: number) => void,
): Promise<{ appended: { messageId: number; uid: number }[]; uidValidity: number }> {
  const target = await deps.access.require(actorId, mailboxId, 'i');
  const accountId = target.mailbox.accountId;
  const granted = items.map((item) => grantedFlags(target, item.flags ?? 0, item.keywords ?? []));
  const results = await deps.ingestAll(
    items.map((item, index) => {
      const { flags, keywords } = granted[index] ?? { flags: 0, keywords: [] };
      return { ...item, accountId, mailboxId, flags, keywords };
    }),
  );
  const appended: { messageId: number; uid: number }[] = [];
  const seenUids: number[] = [];
  let refusal: Error | null = null;
  for (const [index, result] of results.entries()) {
    const uid = result instanceof Error ? undefined : result.uids.get(mailboxId);
    if (result instanceof Error || uid === undefined) {
      refusal ??= result instanceof Error ? result : new ChasquiError('INTERNAL', 'append returned no UID');
      continue;
    }
    appended.push({ messageId: result.messageId, uid });
    if (granted[index]?.isSeen === true) seenUids.push(uid);
  }
  if (refusal !== null) {
    const stored = appended.map((message) => message.uid);
    if (stored.length > 0) {
      await deps.store.messages.expunge(mailboxId, stored);
      onTakenBack(accountId);
    }
    throw refusal;
  }
  // The grantee's \Seen is their own (RFC 4314 "s"), kept apart from the owner's flags.
  if (seenUids.length > 0) await deps.store.mailboxAcl.setSeen(actorId, mailboxId, seenUids, true);
  return { appended, uidValidity: target.mailbox.uidValidity };
}
