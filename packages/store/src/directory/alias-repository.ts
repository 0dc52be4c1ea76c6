// Aliases: an address that forwards to one or more targets (local or external).
import { ChasquiError, type Clock } from '@chasqui/core';
import type { Alias, AliasRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';
import { claimAddress, releaseAddress } from './address-space.js';

interface AliasRow extends SqlRow {
  id: number;
  domain_id: number;
  address: string;
  targets: string;
  created_at: number;
}

function toAlias(row: AliasRow): Alias {
  return {
    id: row.id,
    domainId: row.domain_id,
    address: row.address,
    targets: JSON.parse(row.targets) as string[],
    createdAt: row.created_at,
  };
}

export class SqlAliasRepository implements AliasRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  async create(alias: { domainId: number; address: string; targets: readonly string[] }): Promise<Alias> {
    const row = await mapUniqueViolation(`address ${alias.address}`, () =>
      this.db.transaction(async (tx) => {
        await claimAddress(tx, alias.address, 'alias', alias.domainId);
        return tx.get<AliasRow>(
          'INSERT INTO aliases (domain_id, address, targets, created_at) VALUES (?, ?, ?, ?) RETURNING *',
          [alias.domainId, alias.address, JSON.stringify(alias.targets), this.clock.now()],
        );
      }),
    );
    if (!row) throw new ChasquiError('INTERNAL', 'alias insert returned nothing');
    return toAlias(row);
  }

  async getByAddress(address: string): Promise<Alias | null> {
    const row = await this.db.get<AliasRow>('SELECT * FROM aliases WHERE address = ?', [address]);
    return row ? toAlias(row) : null;
  }

  async list(filter: { domainId?: number } = {}): Promise<Alias[]> {
    const rows =
      filter.domainId === undefined
        ? await this.db.all<AliasRow>('SELECT * FROM aliases ORDER BY address')
        : await this.db.all<AliasRow>('SELECT * FROM aliases WHERE domain_id = ? ORDER BY address', [
            filter.domainId,
          ]);
    return rows.map(toAlias);
  }

  async delete(address: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const changed = await tx.run('DELETE FROM aliases WHERE address = ?', [address]);
      if (changed === 0) throw new ChasquiError('NOT_FOUND', `alias ${address} not found`);
      await releaseAddress(tx, address);
    });
  }
}
