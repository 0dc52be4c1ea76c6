// Groups (distribution lists): an address expanded to its members, with a posting policy.
import { ChasquiError, type Clock } from '@chasqui/core';
import type { Group, GroupRepository, PostingPolicy } from '../interfaces/index.js';
import type { SqlDriver, SqlExecutor, SqlRow } from '../sql/driver.js';
import { mapUniqueViolation } from '../sql/errors.js';
import { claimAddress, releaseAddress } from './address-space.js';

interface GroupRow extends SqlRow {
  id: number;
  domain_id: number;
  address: string;
  name: string;
  posting_policy: string;
  created_at: number;
}

async function loadGroup(tx: SqlExecutor, row: GroupRow): Promise<Group> {
  const members = await tx.all<{ member: string }>(
    'SELECT member FROM group_members WHERE group_id = ? ORDER BY member',
    [row.id],
  );
  return {
    id: row.id,
    domainId: row.domain_id,
    address: row.address,
    name: row.name,
    postingPolicy: row.posting_policy as PostingPolicy,
    members: members.map((m) => m.member),
    createdAt: row.created_at,
  };
}

async function writeMembers(tx: SqlExecutor, groupId: number, members: readonly string[]): Promise<void> {
  await tx.run('DELETE FROM group_members WHERE group_id = ?', [groupId]);
  for (const member of new Set(members)) {
    await tx.run('INSERT INTO group_members (group_id, member) VALUES (?, ?)', [groupId, member]);
  }
}

export class SqlGroupRepository implements GroupRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly clock: Clock,
  ) {}

  create(group: {
    domainId: number;
    address: string;
    name: string;
    postingPolicy: PostingPolicy;
    members: readonly string[];
  }): Promise<Group> {
    return mapUniqueViolation(`address ${group.address}`, () =>
      this.db.transaction(async (tx) => {
        await claimAddress(tx, group.address, 'group', group.domainId);
        const row = await tx.get<GroupRow>(
          `INSERT INTO mail_groups (domain_id, address, name, posting_policy, created_at)
           VALUES (?, ?, ?, ?, ?) RETURNING *`,
          [group.domainId, group.address, group.name, group.postingPolicy, this.clock.now()],
        );
        if (!row) throw new ChasquiError('INTERNAL', 'group insert returned nothing');
        await writeMembers(tx, row.id, group.members);
        return loadGroup(tx, row);
      }),
    );
  }

  async getByAddress(address: string): Promise<Group | null> {
    const row = await this.db.get<GroupRow>('SELECT * FROM mail_groups WHERE address = ?', [address]);
    return row ? loadGroup(this.db, row) : null;
  }

  async list(filter: { domainId?: number } = {}): Promise<Group[]> {
    const rows =
      filter.domainId === undefined
        ? await this.db.all<GroupRow>('SELECT * FROM mail_groups ORDER BY address')
        : await this.db.all<GroupRow>('SELECT * FROM mail_groups WHERE domain_id = ? ORDER BY address', [
            filter.domainId,
          ]);
    return Promise.all(rows.map((row) => loadGroup(this.db, row)));
  }

  setMembers(address: string, members: readonly string[]): Promise<Group> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<GroupRow>('SELECT * FROM mail_groups WHERE address = ?', [address]);
      if (!row) throw new ChasquiError('NOT_FOUND', `group ${address} not found`);
      await writeMembers(tx, row.id, members);
      return loadGroup(tx, row);
    });
  }

  async delete(address: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const changed = await tx.run('DELETE FROM mail_groups WHERE address = ?', [address]);
      if (changed === 0) throw new ChasquiError('NOT_FOUND', `group ${address} not found`);
      await releaseAddress(tx, address);
    });
  }
}
