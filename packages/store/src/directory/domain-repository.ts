// Domains: the mail domains this server is final destination for.
import { ChasquiError, type Clock } from '@chasqui/core';
import type { Domain, DomainRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';
import { isForeignKeyViolation, mapUniqueViolation } from '../sql/errors.js';

interface DomainRow extends SqlRow {
  id: number;
  name: string;
  catch_all: string | null;
  is_enabled: number;
  created_at: number;
}

function toDomain(row: DomainRow): Domain {
  return {
    id: row.id,
    name: row.name,
    catchAll: row.catch_all,
    isEnabled: row.is_enabled === 1,
    createdAt: row.created_at,
  };
}

export class SqlDomainRepository implements DomainRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async create(name: string): Promise<Domain> {
    const row = await mapUniqueViolation(`domain ${name}`, () =>
      this.db.get<DomainRow>('INSERT INTO domains (name, created_at) VALUES (?, ?) RETURNING *', [
        name,
        this.clock.now(),
      ]),
    );
    if (!row) throw new ChasquiError('INTERNAL', 'domain insert returned nothing');
    return toDomain(row);
  }

  async getByName(name: string): Promise<Domain | null> {
    const row = await this.db.get<DomainRow>('SELECT * FROM domains WHERE name = ?', [name]);
    return row ? toDomain(row) : null;
  }

  async getById(id: number): Promise<Domain | null> {
    const row = await this.db.get<DomainRow>('SELECT * FROM domains WHERE id = ?', [id]);
    return row ? toDomain(row) : null;
  }

  async list(): Promise<Domain[]> {
    const rows = await this.db.all<DomainRow>('SELECT * FROM domains ORDER BY name');
    return rows.map(toDomain);
  }

  async setCatchAll(id: number, address: string | null): Promise<void> {
    const changed = await this.db.run('UPDATE domains SET catch_all = ? WHERE id = ?', [address, id]);
    if (changed === 0) throw new ChasquiError('NOT_FOUND', `domain ${id} not found`);
  }

  async delete(id: number): Promise<void> {
    try {
      const changed = await this.db.run('DELETE FROM domains WHERE id = ?', [id]);
      if (changed === 0) throw new ChasquiError('NOT_FOUND', `domain ${id} not found`);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new ChasquiError('CONFLICT', 'the domain still has accounts, aliases or groups', {
          cause: error,
        });
      }
      throw error;
    }
  }
}
