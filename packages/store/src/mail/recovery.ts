// Start-up and periodic recovery of blobs: collect unreferenced rows, remove files a crash
// left without a row, and report rows whose file is missing (which must never happen).
import { unlink } from 'node:fs/promises';
import type { Clock, Logger } from '@chasqui/core';
import type { RecoveryReport } from '../interfaces/index.js';
import type { SqlDriver } from '../sql/driver.js';
import type { BlobFiles } from './blob-files.js';

const defaultGraceMs = 60 * 60 * 1000;

export async function recoverBlobs(
  deps: { db: SqlDriver; files: BlobFiles; clock: Clock; logger: Logger },
  options: { graceMs?: number } = {},
): Promise<RecoveryReport> {
  const { db, files, clock, logger } = deps;
  const graceMs = options.graceMs ?? defaultGraceMs;
  // Rows first: an append holds its row inside its transaction, so this DELETE never takes
  // a row that is about to be referenced (PostgreSQL re-checks refcount after the row lock).
  const collected = await db.all<{ hash: string; generation: number }>(
    'DELETE FROM blobs WHERE refcount <= 0 RETURNING hash, generation',
  );
  for (const name of collected) if (name.generation !== 0) await files.remove(name);

  // Generation 0 marks a blob stored inline in its row: it has no file.
  const rows = await db.all<{ hash: string; generation: number }>(
    'SELECT hash, generation FROM blobs WHERE generation <> 0',
  );
  const live = new Set(rows.map((row) => `${row.hash}-${row.generation}`));
  const seen = new Set<string>();
  let orphanFilesRemoved = 0;
  const cutoff = clock.now() - graceMs;
  for await (const file of files.list()) {
    const key = file.name ? `${file.name.hash}-${file.name.generation}` : null;
    if (key !== null && live.has(key)) {
      seen.add(key);
      continue;
    }
    // A young file may belong to an append still in flight in another process.
    if (file.mtimeMs > cutoff) continue;
    await unlink(file.path).catch(() => undefined);
    orphanFilesRemoved++;
  }
  const missingBlobFiles = rows
    .map((row) => row.hash)
    .filter((hash, i) => {
      const row = rows[i];
      return row !== undefined && !seen.has(`${hash}-${row.generation}`);
    });
  if (missingBlobFiles.length > 0) logger.error({ missingBlobFiles }, 'blob rows without files');
  return { orphanFilesRemoved, unreferencedBlobsRemoved: collected.length, missingBlobFiles };
}
