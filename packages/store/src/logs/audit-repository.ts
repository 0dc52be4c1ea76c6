// The audit log of administrative actions: append-only, newest first.
import { ChasquiError } from '@chasqui/core';
import type { AuditEntry, AuditRepository } from '../interfaces/index.js';
import type { SqlDriver, SqlRow, SqlValue } from '../sql/driver.js';

interface AuditRow extends SqlRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly db: SqlDriver) {}

  async add(entry: Omit<AuditEntry, 'id'>): Promise<number> {
    const row = await this.db.get<{ id: number }>(
      'INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail)],
    );
    if (!row) throw new ChasquiError('INTERNAL', 'audit insert returned nothing');
    return row.id;
  }

  async list(query: { actor?: string; beforeId?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const clauses: string[] = [];
    const params: SqlValue[] = [];
    if (query.actor !== undefined) {
      clauses.push('actor = ?');
      params.push(query.actor);
    }
    if (query.beforeId !== undefined) {
      clauses.push('id < ?');
      params.push(query.beforeId);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = await this.db.all<AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`, [
      ...params,
      Math.min(query.limit ?? 100, 1000),
    ]);
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }
}
