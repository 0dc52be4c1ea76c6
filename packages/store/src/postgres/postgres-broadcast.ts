// Broadcast over PostgreSQL LISTEN/NOTIFY. Publishing goes through the pool (pg_notify); one
// dedicated connection per process LISTENs, and reconnects with the same channels after a
// failure. Channel names carry the schema, so deployments (and test runs) sharing one database
// never hear each other. Notifications sent while the listener is reconnecting are lost: the
// receivers (IMAP IDLE, JMAP push) treat them as hints and re-read the change log anyway.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Broadcast, BroadcastListener } from '../interfaces/index.js';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
export const maxPayloadBytes = 7_900;
const reconnectDelayMs = 1_000;

export class PostgresBroadcast implements Broadcast {
  private readonly listeners = new EventEmitter();
  private readonly channels = new Set<string>();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly schema: string,
  ) {
    this.listeners.setMaxListeners(0);
  }

  async publish(channel: string, payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > maxPayloadBytes)
      throw new RangeError(`broadcast payload over ${String(maxPayloadBytes)} bytes`);
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channelName(channel), payload]);
  }

  async subscribe(channel: string, listener: BroadcastListener): Promise<() => void> {
    const name = this.channelName(channel);
    this.listeners.on(name, listener);
    if (!this.channels.has(name)) {
      this.channels.add(name);
      const client = await this.connection();
      await client.query(`LISTEN "${name}"`);
    }
    return () => {
      this.listeners.off(name, listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private channelName(channel: string): string {
    if (!/^[a-z_]{1,30}$/.test(channel)) throw new Error(`invalid broadcast channel: ${channel}`);
    // A digest keeps any schema name inside PostgreSQL's 63-byte identifier limit.
    const scope = createHash('sha256').update(this.schema).digest('hex').slice(0, 16);
    return `chasqui_${scope}_${channel}`;
  }

  private connection(): Promise<pg.Client> {
    if (this.client !== null) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.listeners.emit(message.channel, message.payload);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    for (const name of this.channels) await client.query(`LISTEN "${name}"`);
    this.client = client;
    return client;
  }

  private reconnectLater(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (this.closed || this.client !== null) return;
      this.connection().catch(() => {
        this.reconnectLater();
      });
    }, reconnectDelayMs).unref();
  }
}
