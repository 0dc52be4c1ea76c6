// Writing the change log (ARCHITECTURE.md §2): modseqs come from the account row, so every
// writer of one account is ordered by that row's lock and modseqs never repeat.
import { ChasquiError } from '@chasqui/core';
import type { ChangeObjectType, ChangeOp } from '../interfaces/index.js';
import type { SqlExecutor } from '../sql/driver.js';

export interface ChangeToLog {
  readonly type: ChangeObjectType;
  readonly objectId: number;
  readonly op: ChangeOp;
  readonly mailboxId?: number | null;
  readonly uid?: number | null;
}

/** Reserves `count` consecutive modseqs for the account; returns the first. */
export async function allocateModseqs(tx: SqlExecutor, accountId: number, count: number): Promise<number> {
  const row = await tx.get<{ highest_modseq: number }>(
    'UPDATE accounts SET highest_modseq = highest_modseq + ? WHERE id = ? RETURNING highest_modseq',
    [count, accountId],
  );
  if (!row) throw new ChasquiError('NOT_FOUND', `account ${accountId} not found`);
  return row.highest_modseq - count + 1;
}

/** Logs one change at `modseq` and raises the mailbox's HIGHESTMODSEQ when it names one. */
export async function logChange(
  tx: SqlExecutor,
  accountId: number,
  modseq: number,
  change: ChangeToLog,
  at: number,
): Promise<void> {
  await tx.run(
    'INSERT INTO changes (account_id, modseq, type, object_id, op, mailbox_id, uid, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      accountId,
      modseq,
      change.type,
      change.objectId,
      change.op,
      change.mailboxId ?? null,
      change.uid ?? null,
      at,
    ],
  );
  if (change.mailboxId !== undefined && change.mailboxId !== null) {
    await tx.run('UPDATE mailboxes SET highest_modseq = ? WHERE id = ? AND highest_modseq < ?', [
      modseq,
      change.mailboxId,
      modseq,
    ]);
  }
}

/** Allocates one modseq per change and logs them all; returns the modseqs in order. */
export async function logChanges(
  tx: SqlExecutor,
  accountId: number,
  changes: readonly ChangeToLog[],
  at: number,
): Promise<number[]> {
  if (changes.length === 0) return [];
  const first = await allocateModseqs(tx, accountId, changes.length);
  const modseqs: number[] = [];
  for (const [index, change] of changes.entries()) {
    await logChange(tx, accountId, first + index, change, at);
    modseqs.push(first + index);
  }
  return modseqs;
}
