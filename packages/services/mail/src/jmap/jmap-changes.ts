// JMAP /changes from the change log (RFC 8620 §5.2, ARCHITECTURE.md §2). The log records
// memberships: a move logs 'created' in the target then 'destroyed' in the source, an append to
// two mailboxes two 'created'. An object existed before the window when the window shows it
// losing or changing a membership it did not gain inside the window; otherwise it is new.
import type { ChangeEntry } from '@chasqui/store';

export interface ObjectChanges {
  readonly created: number[];
  readonly updated: number[];
  readonly destroyed: number[];
  /** Modseq the answer is exact at: the next `since`. */
  readonly newModseq: number;
  readonly hasMoreChanges: boolean;
}

/**
 * The entries of the window, cut after at most `maxObjects` distinct objects (whole modseqs
 * only, so that the cut point is a valid state).
 */
export function cutWindow(
  entries: readonly ChangeEntry[],
  maxObjects: number,
  key: (entry: ChangeEntry) => number,
): { kept: ChangeEntry[]; hasMore: boolean } {
  const seen = new Set<number>();
  const kept: ChangeEntry[] = [];
  for (const entry of entries) {
    const id = key(entry);
    if (!seen.has(id) && seen.size >= maxObjects) return { kept, hasMore: true };
    seen.add(id);
    kept.push(entry);
  }
  return { kept, hasMore: false };
}

/** Classifies email memberships changes per message id (see file comment). */
export function classifyEmailChanges(
  entries: readonly ChangeEntry[],
  exists: (id: number) => boolean,
): Pick<ObjectChanges, 'created' | 'updated' | 'destroyed'> {
  const gained = new Map<number, Set<number>>();
  const existedBefore = new Set<number>();
  const order: number[] = [];
  for (const entry of entries) {
    let mailboxes = gained.get(entry.objectId);
    if (!mailboxes) {
      mailboxes = new Set();
      gained.set(entry.objectId, mailboxes);
      order.push(entry.objectId);
    }
    const mailbox = entry.mailboxId ?? -1;
    if (entry.op === 'created') mailboxes.add(mailbox);
    else if (!mailboxes.has(mailbox)) existedBefore.add(entry.objectId);
  }
  const result = { created: [] as number[], updated: [] as number[], destroyed: [] as number[] };
  for (const id of order) {
    const isOld = existedBefore.has(id);
    if (exists(id)) (isOld ? result.updated : result.created).push(id);
    else if (isOld) result.destroyed.push(id);
  }
  return result;
}

/** Mailbox objects: their own entries, plus mailboxes whose messages changed (counts). */
export function classifyMailboxChanges(
  entries: readonly ChangeEntry[],
  exists: (id: number) => boolean,
): Pick<ObjectChanges, 'created' | 'updated' | 'destroyed'> & { countsOnly: boolean } {
  const firstOp = new Map<number, ChangeEntry['op']>();
  const countChanged = new Set<number>();
  for (const entry of entries) {
    if (entry.type === 'mailbox') {
      if (!firstOp.has(entry.objectId)) firstOp.set(entry.objectId, entry.op);
    } else if (entry.type === 'email' && entry.mailboxId !== null) {
      countChanged.add(entry.mailboxId);
    }
  }
  const result = { created: [] as number[], updated: [] as number[], destroyed: [] as number[] };
  for (const [id, op] of firstOp) {
    if (exists(id)) (op === 'created' ? result.created : result.updated).push(id);
    else if (op !== 'created') result.destroyed.push(id);
  }
  let countsOnly =
    result.created.length === 0 && result.destroyed.length === 0 && result.updated.length === 0;
  for (const id of countChanged) {
    if (firstOp.has(id) || !exists(id)) continue;
    result.updated.push(id);
  }
  if (result.updated.length === 0) countsOnly = false;
  return { ...result, countsOnly };
}
