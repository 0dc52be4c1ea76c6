// A running IMAP front-end on free loopback ports over a real SQLite store: a STARTTLS listener
// (plaintext login allowed unless told otherwise) and an implicit-TLS one.
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import { silentLogger, systemClock } from '@chasqui/core';
import { DirectoryService } from '@chasqui/directory';
import { createImapListener, type ImapListenerConfig } from '@chasqui/imap';
import { MailService } from '@chasqui/mail';
import { TlsManager, type Listener } from '@chasqui/net';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';

export const password = 'S3cret-pass!x';

export interface ImapHarness {
  readonly store: Store;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly ports: { imap: number; imaps: number };
  /** The self-signed certificate (PEM) the listeners present, for clients that pin it. */
  readonly certFile: string;
  addUser(address: string): Promise<number>;
  /** Appends a raw message to a mailbox (by name) of an account, as delivery would. */
  deliver(accountId: number, raw: string, mailbox?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly allowPlaintextAuth?: boolean;
  readonly maxMessageBytes?: number;
  readonly maxClients?: number;
  readonly idleTimeoutMs?: number;
}

function boundPort(listener: Listener): number {
  const port = listener.boundPort();
  if (port === null) throw new Error(`${listener.name} is not bound`);
  return port;
}

export async function startImap(options: HarnessOptions = {}): Promise<ImapHarness> {
  const dir = makeTempDir('chasqui-imap-');
  const clock = systemClock;
  const logger = silentLogger;
  const store = await openStore({ backend: 'sqlite', dataDir: dir.path }, { clock, logger });
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const tls = await TlsManager.selfSigned(join(dir.path, 'tls'), 'imap.example.test', logger);
  const base: Omit<ImapListenerConfig, 'name' | 'tls'> = {
    host: '127.0.0.1',
    port: 0,
    hostname: 'imap.example.test',
    maxClients: options.maxClients ?? 50,
    maxMessageBytes: options.maxMessageBytes ?? 5 * 1024 * 1024,
    allowPlaintextAuth: options.allowPlaintextAuth ?? true,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  };
  const deps = { directory, mail, tls, logger };
  const listeners = [
    createImapListener({ ...base, name: 'imap', tls: 'starttls' }, deps),
    createImapListener({ ...base, name: 'imaps', tls: 'implicit' }, deps),
  ];
  for (const listener of listeners) await listener.start();
  const [imap, imaps] = listeners.map(boundPort) as [number, number];
  return {
    store,
    mail,
    directory,
    ports: { imap, imaps },
    certFile: join(dir.path, 'tls', 'self-signed.crt'),
    async addUser(address) {
      const domain = address.slice(address.indexOf('@') + 1);
      if (!(await store.domains.getByName(domain))) await directory.addDomain(domain);
      const account = await directory.addAccount({ address, password });
      await mail.ensureDefaultMailboxes(account.id);
      return account.id;
    },
    async deliver(accountId, raw, mailbox = 'INBOX') {
      const target = await mail.mailboxes.require(accountId, mailbox);
      await mail.ingest({ accountId, mailboxId: target.id, raw: Buffer.from(raw.replace(/\r?\n/g, '\r\n')) });
    },
    async stop() {
      for (const listener of listeners) await listener.stop();
      await store.close();
      dir.remove();
    },
  };
}

/** A raw client: send lines, read until a line matches. For transcripts and hostile tests. */
export class RawClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
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

  /** Puts back text read too early (the start of the next line). */
  unread(text: string): void {
    this.buffer = text + this.buffer;
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until the received text matches `pattern`; returns everything received and clears it. */
  async readUntil(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.buffer)) {
      if (this.closed) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const text = this.buffer;
    this.buffer = '';
    return text;
  }

  /** Sends a tagged command and returns everything up to its tagged reply. */
  async command(tag: string, line: string): Promise<string> {
    this.write(`${tag} ${line}\r\n`);
    return this.readUntil(new RegExp(`(^|\\n)${tag} (OK|NO|BAD)[^\\n]*\\n`));
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
}
