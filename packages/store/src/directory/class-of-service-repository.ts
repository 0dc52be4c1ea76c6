// Classes of service: named sets of limits (recipients, message size, quota, sending rate).
import { ChasquiError, type Clock } from '@chasqui/core';
import type { ClassOfService, ClassOfServiceLimits, ClassOfServiceRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow, SqlValue } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';

interface CosRow extends SqlRow {
  id: number;
  name: string;
  max_recipients: number | null;
  max_message_bytes: number | null;
  quota_bytes: number | null;
  max_sent_per_hour: number | null;
  created_at: number;
}

const columns: Record<keyof ClassOfServiceLimits, string> = {
  maxRecipients: 'max_recipients',
  maxMessageBytes: 'max_message_bytes',
  quotaBytes: 'quota_bytes',
  maxSentPerHour: 'max_sent_per_hour',
};

function toCos(row: CosRow): ClassOfService {
  return {
    id: row.id,
    name: row.name,
    maxRecipients: row.max_recipients,
    maxMessageBytes: row.max_message_bytes,
    quotaBytes: row.quota_bytes,
    maxSentPerHour: row.max_sent_per_hour,
    createdAt: row.created_at,
  };
}

export class SqlClassOfServiceRepository implements ClassOfServiceRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async create(name: string, limits: ClassOfServiceLimits): Promise<ClassOfService> {
    const row = await mapUniqueViolation(`class of service ${name}`, () =>
      this.db.get<CosRow>(
        `INSERT INTO classes_of_service (name, max_recipients, max_message_bytes, quota_bytes, max_sent_per_hour, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          name,
          limits.maxRecipients ?? null,
          limits.maxMessageBytes ?? null,
          limits.quotaBytes ?? null,
          limits.maxSentPerHour ?? null,
          this.clock.now(),
        ],
      ),
    );
    if (!row) throw new ChasquiError('INTERNAL', 'class of service insert returned nothing');
    return toCos(row);
  }

  async getById(id: number): Promise<ClassOfService | null> {
    const row = await this.db.get<CosRow>('SELECT * FROM classes_of_service WHERE id = ?', [id]);
    return row ? toCos(row) : null;
  }

  async getByName(name: string): Promise<ClassOfService | null> {
    const row = await this.db.get<CosRow>('SELECT * FROM classes_of_service WHERE name = ?', [name]);
    return row ? toCos(row) : null;
  }

  async list(): Promise<ClassOfService[]> {
    return (await this.db.all<CosRow>('SELECT * FROM classes_of_service ORDER BY name')).map(toCos);
  }

  async update(id: number, limits: ClassOfServiceLimits): Promise<ClassOfService> {
    const entries = Object.entries(limits) as [keyof ClassOfServiceLimits, number | null | undefined][];
    const set = entries.filter(([, value]) => value !== undefined);
    if (set.length > 0) {
      await this.db.run(
        `UPDATE classes_of_service SET ${set.map(([key]) => `${columns[key]} = ?`).join(', ')} WHERE id = ?`,
        [...set.map(([, value]) => value as SqlValue), id],
      );
    }
    const updated = await this.getById(id);
    if (!updated) throw new ChasquiError('NOT_FOUND', `class of service ${id} does not exist`);
    return updated;
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE accounts SET cos_id = NULL WHERE cos_id = ?', [id]);
      await tx.run('DELETE FROM classes_of_service WHERE id = ?', [id]);
    });
  }
}
