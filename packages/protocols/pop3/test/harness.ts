// A running POP3 front-end on free loopback ports over a real SQLite store: a 110-style
// listener (STLS offered; plaintext login allowed unless told otherwise) and a 995-style one
// with implicit TLS. Each test builds its own (STYLE.md §12).
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { silentLogger, systemClock, type Clock } from '@chasqui/core';
import { DirectoryService, type AuthLimiter } from '@chasqui/directory';
import { MailService } from '@chasqui/mail';
import { TlsManager, type Listener } from '@chasqui/net';
import { createPop3Listener, type Pop3ListenerConfig } from '@chasqui/pop3';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';

export const password = 'S3cret-pass!x';

export interface Pop3Harness {
  readonly store: Store;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  /** `imaps` is 0 unless the harness was started `withImap`. */
  readonly ports: { pop3: number; pop3s: number; imaps: number };
  /** Creates an account (with its default mailboxes); returns its id. */
  addUser(address: string): Promise<number>;
  /** Stores a message in INBOX as delivery would (line ends made CRLF unless `isVerbatim`). */
  deliver(accountId: number, raw: string | Buffer, isVerbatim?: boolean): Promise<{ uid: number }>;
  inboxOf(accountId: number): Promise<{ id: number; uidValidity: number }>;
  stop(): Promise<void>;
}

export type HarnessOptions = Partial<
  Pick<
    Pop3ListenerConfig,
    | 'allowPlaintextAuth'
    | 'maxClients'
    | 'idleTimeoutMs'
    | 'preAuthTimeoutMs'
    | 'maxBadCommands'
    | 'trustedProxies'
    | 'exclusiveMaildrop'
    | 'loginDelaySeconds'
  >
> & {
  readonly limiter?: AuthLimiter;
  readonly clock?: Clock;
  /** Also start an implicit-TLS IMAP listener on the same MailService. */
  readonly withImap?: boolean;
};

function boundPort(listener: Listener): number {
  const port = listener.boundPort();
  if (port === null) throw new Error(`${listener.name} is not bound`);
  return port;
}

export async function startPop3(options: HarnessOptions = {}): Promise<Pop3Harness> {
  const dir = makeTempDir('chasqui-pop3-');
  const clock = options.clock ?? systemClock;
  const logger = silentLogger;
  const store = await openStore({ backend: 'sqlite', dataDir: dir.path }, { clock, logger });
  const directory = new DirectoryService({
    store,
    clock,
    logger,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  const mail = new MailService({ store, clock, logger });
  const tls = await TlsManager.selfSigned(join(dir.path, 'tls'), 'pop.example.test', logger);
  const { limiter: _limiter, clock: _clock, withImap = false, ...listenerOptions } = options;
  const base: Omit<Pop3ListenerConfig, 'name' | 'tls'> = {
    host: '127.0.0.1',
    port: 0,
    hostname: 'pop.example.test',
    maxClients: 50,
    allowPlaintextAuth: true,
    ...listenerOptions,
  };
  const deps = { directory, mail, tls, logger, clock };
  const listeners = [
    createPop3Listener({ ...base, name: 'pop3', tls: 'starttls' }, deps),
    createPop3Listener({ ...base, name: 'pop3s', tls: 'implicit' }, deps),
  ];
  if (withImap) {
    // Loaded only here, so that the other POP3 tests do not depend on the IMAP package.
    const { createImapListener } = await import('@chasqui/imap');
    const imap = { ...base, name: 'imaps', tls: 'implicit', maxMessageBytes: 1024 * 1024 } as const;
    listeners.push(createImapListener(imap, deps));
  }
  for (const listener of listeners) await listener.start();
  const [pop3, pop3s, imaps = 0] = listeners.map(boundPort) as [number, number, number?];
  const inboxOf = async (accountId: number) => {
    const inbox = await mail.mailboxes.require(accountId, 'INBOX');
    return { id: inbox.id, uidValidity: inbox.uidValidity };
  };
  return {
    store,
    mail,
    directory,
    ports: { pop3, pop3s, imaps },
    async addUser(address) {
      const domain = address.slice(address.indexOf('@') + 1);
      if (!(await store.domains.getByName(domain))) await directory.addDomain(domain);
      const account = await directory.addAccount({ address, password });
      await mail.ensureDefaultMailboxes(account.id);
      return account.id;
    },
    async deliver(accountId, raw, isVerbatim = false) {
      const bytes =
        typeof raw === 'string' ? Buffer.from(isVerbatim ? raw : raw.replace(/\r?\n/g, '\r\n'), 'utf8') : raw;
      const inbox = await inboxOf(accountId);
      const result = await mail.ingest({ accountId, mailboxId: inbox.id, raw: bytes });
      return { uid: result.uids.get(inbox.id) ?? 0 };
    },
    inboxOf,
    async stop() {
      for (const listener of listeners) await listener.stop();
      await store.close();
      dir.remove();
    },
  };
}

/** A raw client: send lines, read until a pattern matches. For transcripts and hostile tests. */
export class RawClient {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Opens a connection and reads the greeting. */
  static async greeted(port: number): Promise<RawClient> {
    const client = await RawClient.open(port);
    await client.readUntil(/\r\n/);
    return client;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until the received bytes (as latin1) match; returns them and clears the buffer. */
  async readUntil(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.buffer.toString('latin1'))) {
      if (this.closed) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(this.text().slice(-300))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const text = this.text();
    this.buffer = Buffer.alloc(0);
    return text;
  }

  /** Takes the first `count` lines received (waiting for them); the rest stays buffered. */
  async lines(count: number, timeoutMs = 5000): Promise<string[]> {
    const pattern = new RegExp(`^(?:[^\\n]*\\n){${count}}`);
    await this.readUntilKeeping(pattern, timeoutMs);
    const text = this.text();
    const parts = text.split('\r\n');
    const taken = parts.slice(0, count);
    this.buffer = Buffer.from(parts.slice(count).join('\r\n'), 'latin1');
    return taken;
  }

  /** Sends one command and returns its single-line reply. */
  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    const [reply] = await this.lines(1);
    return reply ?? '';
  }

  /** Sends one command and returns a multi-line reply's status and lines, unstuffed. */
  async multiline(line: string): Promise<{ status: string; lines: string[] }> {
    this.write(`${line}\r\n`);
    const [status = ''] = await this.lines(1);
    if (!status.startsWith('+OK')) return { status, lines: [] };
    const text = await this.readUntil(/(^|\r\n)\.\r\n$/);
    const lines = text.split('\r\n').slice(0, -2);
    return { status, lines: lines.map((l) => (l.startsWith('.') ? l.slice(1) : l)) };
  }

  async logIn(user = 'ana@example.test', secret = password): Promise<string> {
    await this.command(`USER ${user}`);
    return this.command(`PASS ${secret}`);
  }

  waitClosed(timeoutMs = 5000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private text(): string {
    return this.buffer.toString('latin1');
  }

  private async readUntilKeeping(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text())) {
      const left = deadline - Date.now();
      if (this.closed || left <= 0) {
        throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(this.text().slice(-300))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
