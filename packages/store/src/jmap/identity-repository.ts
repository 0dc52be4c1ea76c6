// JMAP identities (RFC 8621 §6): one live row per sending address of an account; destroyed rows
// stay as tombstones so that Identity/changes can name them. Ids are never reused.
import type {
  JmapIdentity,
  JmapIdentityFields,
  JmapIdentityRepository,
  JmapTypeChanges,
} from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';
import { bumpVersion, currentVersion, fromJson, toJson } from './versions.js';

interface IdentityRow extends SqlRow {
  id: number;
  account_id: number;
  address: string;
  name: string;
  reply_to: string | null;
  bcc: string | null;
  text_signature: string;
  html_signature: string;
}

const columns = 'id, account_id, address, name, reply_to, bcc, text_signature, html_signature';

function toIdentity(row: IdentityRow): JmapIdentity {
  return {
    id: row.id,
    accountId: row.account_id,
    address: row.address,
    name: row.name,
    replyTo: fromJson(row.reply_to),
    bcc: fromJson(row.bcc),
    textSignature: row.text_signature,
    htmlSignature: row.html_signature,
  };
}

export class SqlJmapIdentityRepository implements JmapIdentityRepository {
  constructor(private readonly db: SqlDriver) {}

  version(accountId: number): Promise<number> {
    return currentVersion(this.db, accountId, 'Identity');
  }

  async list(accountId: number): Promise<JmapIdentity[]> {
    const rows = await this.db.all<IdentityRow>(
      `SELECT ${columns} FROM jmap_identities WHERE account_id = ? AND destroyed_version IS NULL ORDER BY id`,
      [accountId],
    );
    return rows.map(toIdentity);
  }

  createDefault(accountId: number, address: string, name: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') {
        // Serialises the first-identity check of one account across nodes.
        await tx.get('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [accountId]);
      }
      const any = await tx.get('SELECT 1 AS x FROM jmap_identities WHERE account_id = ? LIMIT 1', [
        accountId,
      ]);
      if (any) return false;
      const version = await bumpVersion(tx, accountId, 'Identity');
      await tx.run(
        `INSERT INTO jmap_identities (account_id, address, name, created_version, updated_version)
         VALUES (?, ?, ?, ?, ?)`,
        [accountId, address.toLowerCase(), name, version, version],
      );
      return true;
    });
  }

  create(accountId: number, address: string, fields: JmapIdentityFields): Promise<JmapIdentity> {
    return mapUniqueViolation(`identity ${address}`, () =>
      this.db.transaction(async (tx) => {
        const version = await bumpVersion(tx, accountId, 'Identity');
        const row = await tx.get<IdentityRow>(
          `INSERT INTO jmap_identities (account_id, address, name, reply_to, bcc, text_signature, html_signature,
             created_version, updated_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
          [
            accountId,
            address.toLowerCase(),
            fields.name ?? '',
            toJson(fields.replyTo),
            toJson(fields.bcc),
            fields.textSignature ?? '',
            fields.htmlSignature ?? '',
            version,
            version,
          ],
        );
        if (!row) throw new Error('identity insert returned nothing');
        return toIdentity(row);
      }),
    );
  }

  update(accountId: number, id: number, fields: JmapIdentityFields): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<IdentityRow>(
        `SELECT ${columns} FROM jmap_identities WHERE id = ? AND account_id = ? AND destroyed_version IS NULL`,
        [id, accountId],
      );
      if (!row) return false;
      const version = await bumpVersion(tx, accountId, 'Identity');
      await tx.run(
        `UPDATE jmap_identities SET name = ?, reply_to = ?, bcc = ?, text_signature = ?, html_signature = ?,
           updated_version = ? WHERE id = ?`,
        [
          fields.name ?? row.name,
          'replyTo' in fields ? toJson(fields.replyTo) : row.reply_to,
          'bcc' in fields ? toJson(fields.bcc) : row.bcc,
          fields.textSignature ?? row.text_signature,
          fields.htmlSignature ?? row.html_signature,
          version,
          id,
        ],
      );
      return true;
    });
  }

  destroy(accountId: number, id: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const live = await tx.get(
        'SELECT 1 AS x FROM jmap_identities WHERE id = ? AND account_id = ? AND destroyed_version IS NULL',
        [id, accountId],
      );
      if (!live) return false;
      const version = await bumpVersion(tx, accountId, 'Identity');
      await tx.run('UPDATE jmap_identities SET destroyed_version = ?, updated_version = ? WHERE id = ?', [
        version,
        version,
        id,
      ]);
      return true;
    });
  }

  async changes(accountId: number, sinceVersion: number): Promise<JmapTypeChanges> {
    const version = await this.version(accountId);
    const rows = await this.db.all<{
      id: number;
      created_version: number;
      destroyed_version: number | null;
    }>(
      `SELECT id, created_version, destroyed_version FROM jmap_identities
       WHERE account_id = ? AND updated_version > ? ORDER BY id`,
      [accountId, sinceVersion],
    );
    const result: JmapTypeChanges = { created: [], updated: [], destroyed: [], version };
    for (const row of rows) {
      const isNew = row.created_version > sinceVersion;
      if (row.destroyed_version !== null) {
        if (!isNew) result.destroyed.push(row.id);
      } else (isNew ? result.created : result.updated).push(row.id);
    }
    return result;
  }
}
