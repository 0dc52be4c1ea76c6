// Durability: SIGKILL a writer mid-burst; every acknowledged append must survive, nothing
// half-written may be visible, no blob may be missing or leaked, and quota must equal a recount.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, systemClock } from '@chasqui/core';
import { openStore, type Store } from '@chasqui/store';
import { inlineBlobLimit } from '../../src/mail/append-batcher.js';
import { makeTempDir, seedAccount } from '@chasqui/testkit';

const writerScript = fileURLToPath(new URL('./fixtures/append-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged `acks` appends, then SIGKILLs it. */
function runWriterAndKill(
  dataDir: string,
  accountId: number,
  mailboxId: number,
  acks: number,
): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', writerScript, dataDir, String(accountId), String(mailboxId)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acknowledged: number[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      acknowledged.push(Number(line));
      if (acknowledged.length === acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited on its own (${String(signal)})`));
    });
  });
}

function countBlobFiles(dir: string): number {
  let count = 0;
  if (!existsSync(dir)) return 0;
  for (const first of readdirSync(dir)) {
    for (const second of readdirSync(join(dir, first))) count += readdirSync(join(dir, first, second)).length;
  }
  return count;
}

async function checkConsistency(
  store: Store,
  accountId: number,
  mailboxId: number,
  acknowledged: number[],
  blobDir: string,
) {
  const report = await store.recover({ graceMs: 0 });
  assert.deepEqual(report.missingBlobFiles, []);
  const entries = await store.messages.listMailbox(mailboxId);
  const present = new Set(entries.map((e) => e.messageId));
  for (const id of acknowledged) assert.ok(present.has(id), `acknowledged message ${id} lost`);
  const messages = await store.messages.getMany(accountId, [...present]);
  assert.equal(messages.length, present.size, 'a membership points at a missing message');
  const fileBacked = new Set<string>();
  for (const message of messages) {
    assert.ok(await store.blobs.get(message.blobId), `blob of message ${message.id} unreadable`);
    if (message.size > inlineBlobLimit) fileBacked.add(message.blobId);
  }
  assert.equal(
    countBlobFiles(blobDir),
    fileBacked.size,
    'blob files and referenced file-backed blobs differ',
  );
  const account = await store.accounts.getById(accountId);
  const recount = await store.accounts.recountQuota(accountId);
  assert.deepEqual([account?.usedBytes, account?.messageCount], [recount.usedBytes, recount.messageCount]);
  const uids = entries.map((e) => e.uid);
  assert.equal(new Set(uids).size, uids.length, 'duplicate UIDs');
  return fileBacked.size;
}

describe('crash safety of appends (SQLite)', () => {
  it('loses nothing acknowledged when the writer is SIGKILLed mid-burst, at several points', async () => {
    const dir = makeTempDir();
    let store = await openStore(
      { backend: 'sqlite', dataDir: dir.path },
      { clock: systemClock, logger: silentLogger },
    );
    const { account, inbox } = await seedAccount(store, 'crash@example.test');
    await store.close();
    const allAcknowledged: number[] = [];
    let fileBackedSeen = 0;
    try {
      for (const acks of [50, 400, 1500]) {
        allAcknowledged.push(...(await runWriterAndKill(dir.path, account.id, inbox.id, acks)));
        store = await openStore(
          { backend: 'sqlite', dataDir: dir.path },
          { clock: systemClock, logger: silentLogger },
        );
        try {
          fileBackedSeen = await checkConsistency(
            store,
            account.id,
            inbox.id,
            allAcknowledged,
            join(dir.path, 'blobs'),
          );
        } finally {
          await store.close();
        }
      }
      assert.ok(fileBackedSeen > 0, 'the bursts should include file-backed blobs');
    } finally {
      dir.remove();
    }
  });
});
