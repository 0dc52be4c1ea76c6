// A running SMTP front-end on free loopback ports over a real SQLite store, with its queue
// worker; DNS for mailauth answers from a table (no network in tests).
import { join } from 'node:path';
import { silentLogger, systemClock } from '@chasqui/core';
import {
  DeliveryService,
  MtaStsCache,
  QueueWorker,
  TlsReporter,
  type RetryPolicy,
  type SmartHost,
} from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { MailService } from '@chasqui/mail';
import { TlsManager, type Listener } from '@chasqui/net';
import { createSmtpListener, type SmtpListenerConfig } from '@chasqui/smtp';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir, tableResolver, type DnsTable } from '@chasqui/testkit';

export type { DnsTable } from '@chasqui/testkit';

export interface HarnessOptions {
  readonly hostname?: string;
  readonly maxMessageBytes?: number;
  readonly routes?: Record<string, string>;
  readonly retry?: Partial<RetryPolicy>;
  readonly dns?: DnsTable;
  /** Fixed MX port (a destination that comes up later); 0 = any. */
  readonly mxPort?: number;
  /** Relay every remote message through this host (with AUTH). */
  readonly smartHost?: SmartHost;
  /** Balancers whose PROXY header is trusted. */
  readonly trustedProxies?: string[];
  /** Accounts that exist before the listeners accept anything (a destination that comes back). */
  readonly users?: readonly string[];
}

export interface Harness {
  readonly store: Store;
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly delivery: DeliveryService;
  readonly worker: QueueWorker;
  /** TLS-RPT reporter on a clock of its own (`reportDaysLater` moves it). */
  readonly reporter: TlsReporter;
  reportDaysLater(days: number): void;
  readonly tls: TlsManager;
  readonly ports: { mx: number; submission: number; submissions: number };
  addUser(address: string, password?: string): Promise<number>;
  /** Raw messages in a mailbox of the account, oldest first. */
  messages(address: string, role?: 'inbox' | 'junk'): Promise<string[]>;
  stop(): Promise<void>;
}

export const password = 'S3cret-pass!x';

function listenerConfig(
  name: string,
  entry: 'mx' | 'submission',
  tls: SmtpListenerConfig['tls'],
  port: number,
  options: HarnessOptions,
): SmtpListenerConfig {
  return {
    name,
    entry,
    tls,
    host: '127.0.0.1',
    port,
    hostname: options.hostname ?? 'mx.example.test',
    maxMessageBytes: options.maxMessageBytes ?? 10 * 1024 * 1024,
    maxRecipients: 100,
    maxClients: 200,
    socketTimeoutMs: 10_000,
    allowPlainAuth: false,
    trustedProxies: options.trustedProxies ?? [],
    reverseDns: false,
    guard: { maxConnectionsPerIp: 50, maxConnectionRatePerMinute: 1000 },
  };
}

function boundPort(listener: Listener): number {
  const port = listener.boundPort();
  if (port === null) throw new Error(`${listener.name} is not bound`);
  return port;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = makeTempDir('chasqui-smtp-');
  const clock = systemClock;
  const logger = silentLogger;
  const store = await openStore({ backend: 'sqlite', dataDir: dir.path }, { clock, logger });
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const hostname = options.hostname ?? 'mx.example.test';
  const resolver = tableResolver(options.dns ?? {});
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname, quotaFull: 'defer', stageTimeoutMs: 20_000, resolver },
  );
  let reportOffset = 0;
  const reporter = new TlsReporter({
    store,
    clock: { now: () => Date.now() + reportOffset },
    logger,
    identity: {
      organization: 'example.test',
      contact: 'postmaster@example.test',
      reportingDomain: 'example.test',
    },
    send: (raw, recipient) => delivery.sendGenerated(raw, recipient),
    resolveTxt: async (name) => (await resolver(name, 'TXT')) as string[][],
  });
  const worker = new QueueWorker({
    store,
    clock,
    logger,
    heloName: hostname,
    destinations: { routes: options.routes ?? {}, smartHost: options.smartHost ?? null },
    mtaSts: new MtaStsCache({ enabled: false, logger }),
    timeoutMs: 5000,
    retry: { firstDelayMs: 300, maxDelayMs: 1000, maxAgeMs: 60_000, warnAfterMs: 60_000, ...options.retry },
    perDomainConcurrency: 5,
    batchSize: 20,
    pollMs: 200,
    sendGenerated: (raw, recipient) => delivery.sendGenerated(raw, recipient),
    onTlsSession: (domain, mxHost, policy, result) => {
      void reporter.record(domain, mxHost, policy, result);
    },
  });
  delivery.onQueued(() => {
    worker.wake();
  });
  const addUser = async (address: string, secret = password): Promise<number> => {
    const domain = address.slice(address.indexOf('@') + 1);
    if (!(await store.domains.getByName(domain))) await directory.addDomain(domain);
    const account = await directory.addAccount({ address, password: secret });
    await mail.ensureDefaultMailboxes(account.id);
    return account.id;
  };
  for (const address of options.users ?? []) await addUser(address);
  const tls = await TlsManager.selfSigned(join(dir.path, 'tls'), hostname, logger);
  const deps = { directory, delivery, tls, logger };
  const listeners = [
    createSmtpListener(listenerConfig('smtp', 'mx', 'starttls', options.mxPort ?? 0, options), deps),
    createSmtpListener(listenerConfig('submission', 'submission', 'starttls', 0, options), deps),
    createSmtpListener(listenerConfig('submissions', 'submission', 'implicit', 0, options), deps),
  ];
  for (const listener of listeners) await listener.start();
  worker.start();
  const [mx, submission, submissions] = listeners.map(boundPort) as [number, number, number];
  return {
    store,
    directory,
    mail,
    delivery,
    worker,
    tls,
    reporter,
    reportDaysLater(days) {
      reportOffset = days * 86_400_000;
    },
    ports: { mx, submission, submissions },
    addUser,
    async messages(address, role = 'inbox') {
      const account = await store.accounts.getByAddress(address);
      if (!account) return [];
      const mailbox = await store.mailboxes.getByRole(account.id, role);
      if (!mailbox) return [];
      const entries = await store.messages.listMailbox(mailbox.id);
      const found = await store.messages.getMany(
        account.id,
        entries.map((e) => e.messageId),
      );
      const raws = await Promise.all(found.map((m) => store.blobs.get(m.blobId)));
      return raws.map((raw) => Buffer.from(raw ?? []).toString('utf8'));
    },
    async stop() {
      await worker.stop();
      for (const listener of listeners) await listener.stop();
      await store.close();
      dir.remove();
    },
  };
}

/** Polls until `check` is true (bounded); for effects of the queue worker. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}
