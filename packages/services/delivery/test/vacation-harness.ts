// A Chasqui on loopback for the vacation tests: MX and submission listeners over a test backend's
// store and manual clock. No queue worker runs, so replies to remote senders stay in the queue to
// be read; DNS answers from a table (no network in tests).
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { silentLogger, type Logger, type ManualClock } from '@chasqui/core';
import { DeliveryService, type Stage } from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { MailService } from '@chasqui/mail';
import { TlsManager, type Listener } from '@chasqui/net';
import { createSmtpListener, type SmtpListenerConfig } from '@chasqui/smtp';
import type { Store } from '@chasqui/store';
import { makeTempDir, tableResolver, type DnsTable } from '@chasqui/testkit';

export const password = 'Vacaciones-2026!x';
const hostname = 'mx.example.test';

function listenerConfig(name: string, entry: 'mx' | 'submission'): SmtpListenerConfig {
  return {
    name,
    entry,
    tls: 'starttls',
    host: '127.0.0.1',
    port: 0,
    hostname,
    maxMessageBytes: 10 * 1024 * 1024,
    maxRecipients: 100,
    maxClients: 50,
    socketTimeoutMs: 10_000,
    allowPlainAuth: false,
    trustedProxies: [],
    reverseDns: false,
    guard: { maxConnectionsPerIp: 50, maxConnectionRatePerMinute: 1000 },
  };
}

export interface VacationServerOptions {
  readonly logger?: Logger;
  readonly classifiers?: readonly Stage[];
  readonly dns?: DnsTable;
}

export interface VacationServer {
  readonly store: Store;
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly delivery: DeliveryService;
  addUser(address: string, displayName: string): Promise<number>;
  /** Sends through the MX as a remote server would; `from: ''` in the envelope is `<>`. */
  receive(message: SendMailOptions): Promise<void>;
  /** Sends through submission as a local user (STARTTLS, AUTH). */
  submit(user: string, message: SendMailOptions): Promise<void>;
  /** Raw INBOX messages of a local account, oldest first. */
  inbox(address: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startVacationServer(
  store: Store,
  clock: ManualClock,
  options: VacationServerOptions = {},
): Promise<VacationServer> {
  const logger = options.logger ?? silentLogger;
  const classifiers = options.classifiers ?? [];
  const resolver = tableResolver(options.dns ?? {});
  const dir = makeTempDir('chasqui-vacation-');
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname, quotaFull: 'defer', stageTimeoutMs: 20_000, resolver, classifiers },
  );
  const tls = await TlsManager.selfSigned(join(dir.path, 'tls'), hostname, logger);
  const deps = { directory, delivery, tls, logger };
  const listeners: Listener[] = [
    createSmtpListener(listenerConfig('smtp', 'mx'), deps),
    createSmtpListener(listenerConfig('submission', 'submission'), deps),
  ];
  for (const listener of listeners) await listener.start();
  const [mx, submission] = listeners.map((listener) => listener.boundPort() ?? 0);
  const transport = (port: number | undefined, user?: string) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: port ?? 0,
      ...(user === undefined ? { ignoreTLS: true } : { requireTLS: true, auth: { user, pass: password } }),
      tls: { rejectUnauthorized: false },
    });
  return {
    store,
    directory,
    mail,
    delivery,
    async addUser(address, displayName) {
      const domain = address.slice(address.indexOf('@') + 1);
      if (!(await store.domains.getByName(domain))) await directory.addDomain(domain);
      const account = await directory.addAccount({ address, password, displayName });
      await mail.ensureDefaultMailboxes(account.id);
      return account.id;
    },
    async receive(message) {
      await transport(mx).sendMail(message);
    },
    async submit(user, message) {
      await transport(submission, user).sendMail(message);
    },
    async inbox(address) {
      const account = await store.accounts.getByAddress(address);
      const mailbox = account ? await store.mailboxes.getByRole(account.id, 'inbox') : null;
      if (!account || !mailbox) return [];
      const entries = await store.messages.listMailbox(mailbox.id);
      const raws = await Promise.all(
        entries.map((entry) => mail.messages.readRaw(account.id, entry.messageId)),
      );
      return raws.map((raw) => raw.toString('utf8'));
    },
    async stop() {
      for (const listener of listeners) await listener.stop();
      await delivery.drain();
      dir.remove();
    },
  };
}
