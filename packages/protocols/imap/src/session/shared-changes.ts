// One change-log read for every session that refreshes the same view at once. A change to a
// mailbox watched by 10,000 IDLE sessions wakes them all in the same turn; each would read the
// same rows (same account, mailbox and modseq) in its own queries. Reads already in flight are
// joined instead, as long as no newer change was announced since the read began: a session told
// of a later change must see it, so it then starts its own read. Kept per notifier (one per mail
// service): mailbox ids of two stores in one process (tests) never meet.
import type { MailNotifier, MailService } from '@chasqui/mail';

type MailboxChanges = Awaited<ReturnType<MailService['messages']['changesSince']>>;

interface SharedReads {
  /** Announced changes per mailbox id; a read joins only reads of its own generation. */
  readonly generations: Map<number, number>;
  readonly inFlight: Map<string, Promise<MailboxChanges>>;
}

const readsByNotifier = new WeakMap<MailNotifier, SharedReads>();

function readsOf(notifier: MailNotifier): SharedReads {
  let reads = readsByNotifier.get(notifier);
  if (reads === undefined) {
    reads = { generations: new Map(), inFlight: new Map() };
    readsByNotifier.set(notifier, reads);
  }
  return reads;
}

/** A change to the mailbox was announced: reads begun before it no longer answer for it. */
export function noteMailboxChanged(notifier: MailNotifier, mailboxId: number): void {
  const { generations } = readsOf(notifier);
  generations.set(mailboxId, (generations.get(mailboxId) ?? 0) + 1);
}

/** Forgets a mailbox nobody watches any more. */
export function forgetMailbox(notifier: MailNotifier, mailboxId: number): void {
  readsByNotifier.get(notifier)?.generations.delete(mailboxId);
}

/**
 * mail.messages.changesSince(), shared with identical reads in flight. The result is shared
 * too: callers must not change it.
 */
export function sharedChangesSince(
  mail: MailService,
  actorId: number,
  mailboxId: number,
  since: number,
): Promise<MailboxChanges> {
  const { generations, inFlight } = readsOf(mail.notifier);
  const key = `${actorId}:${mailboxId}:${since}:${generations.get(mailboxId) ?? 0}`;
  const running = inFlight.get(key);
  if (running !== undefined) return running;
  const read = mail.messages.changesSince(actorId, mailboxId, since);
  inFlight.set(key, read);
  const forget = () => {
    inFlight.delete(key);
  };
  read.then(forget, forget);
  return read;
}
