// Reading message blobs: small ones from their database row, larger ones from their file. Many
// at once in one query per chunk of ids, the files read in parallel.
import type { BlobReader } from '../interfaces/index.js';
import type { SqlExecutor, SqlRow } from '../sql/driver.js';
import { idChunks, placeholders } from '../sql/id-chunks.js';
import type { BlobFiles } from './blob-files.js';
import { ownedIdsClause, ownedIdsParams } from './owned-ids.js';

interface BlobRow extends SqlRow {
  hash: string;
  generation: number;
  data: Uint8Array | null;
}

export class SqlBlobReader implements BlobReader {
  constructor(
    private readonly db: SqlExecutor,
    private readonly files: BlobFiles,
  ) {}

  async get(blobId: string): Promise<Uint8Array | null> {
    const row = await this.db.get<BlobRow>('SELECT hash, generation, data FROM blobs WHERE hash = ?', [
      blobId,
    ]);
    if (!row) return null;
    return row.data ?? this.files.read({ hash: blobId, generation: row.generation });
  }

  async getMany(blobIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const chunk of idChunks(blobIds)) {
      const rows = await this.db.all<BlobRow>(
        `SELECT hash, generation, data FROM blobs WHERE hash IN (${placeholders(chunk.length)})`,
        chunk,
      );
      await this.readContents(rows, (row, data) => {
        if (data !== null) found.set(row.hash, data);
      });
    }
    return found;
  }

  async getForMessages(
    accountId: number,
    messageIds: readonly number[],
    mailboxId?: number,
  ): Promise<Map<number, Uint8Array | null>> {
    const found = new Map<number, Uint8Array | null>();
    for (const chunk of idChunks(messageIds)) {
      const rows = await this.db.all<BlobRow & { id: number }>(
        `SELECT m.id, b.hash, b.generation, b.data FROM messages m JOIN blobs b ON b.hash = m.blob_hash
         WHERE ${ownedIdsClause(chunk.length, mailboxId)}`,
        ownedIdsParams(chunk, accountId, mailboxId),
      );
      await this.readContents(rows, (row, data) => {
        found.set(row.id, data);
      });
    }
    return found;
  }

  /**
   * Hands each row's content to `use` (null: its file is missing): inline contents at once, with
   * no promise each; only blobs kept in files are read, in parallel.
   */
  private async readContents<R extends BlobRow>(
    rows: readonly R[],
    use: (row: R, data: Uint8Array | null) => void,
  ): Promise<void> {
    const fileReads: Promise<void>[] = [];
    for (const row of rows) {
      if (row.data !== null) use(row, row.data);
      else
        fileReads.push(
          this.files.read({ hash: row.hash, generation: row.generation }).then((data) => {
            use(row, data);
          }),
        );
    }
    if (fileReads.length > 0) await Promise.all(fileReads);
  }

  async has(blobId: string): Promise<boolean> {
    const row = await this.db.get<{ generation: number; is_inline: number }>(
      'SELECT generation, CASE WHEN data IS NULL THEN 0 ELSE 1 END AS is_inline FROM blobs WHERE hash = ? AND refcount > 0',
      [blobId],
    );
    if (!row) return false;
    return row.is_inline === 1 || (await this.files.exists({ hash: blobId, generation: row.generation }));
  }
}
