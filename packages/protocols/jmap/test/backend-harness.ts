// A JMAP plugin over one of testkit's store backends (SQLite or PostgreSQL), for the tests of
// the webmail extensions (Preferences, Recipient/query, the image proxy, spam feedback) that
// must pass on both. Each test file opens its own backend; nothing is shared between files.
import Fastify, { type FastifyInstance } from 'fastify';
import { silentLogger, type Clock } from '@chasqui/core';
import { DeliveryService } from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { JmapMailModel, MailService } from '@chasqui/mail';
import type { Store } from '@chasqui/store';
import type { OpenedBackend } from '@chasqui/testkit';
import { jmapPlugin, type JmapDeps } from '../src/index.js';

export const password = 'S3cret-pass!x';

export const webmailCapabilities = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
  'urn:chasqui:params:jmap:preferences',
  'urn:chasqui:params:jmap:directory',
];

export type Invocation = [string, Record<string, unknown>, string];

export interface BackendJmap {
  readonly app: FastifyInstance;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly backend: OpenedBackend;
  /** Ana's numeric id and JMAP account id. */
  readonly anaId: number;
  readonly accountId: string;
  readonly auth: string;
  /** Runs method calls as Ana; fails on a non-200 answer. */
  api(methodCalls: unknown[], using?: readonly string[]): Promise<Invocation[]>;
  close(): Promise<void>;
}

export interface BackendJmapOptions {
  readonly imageProxy?: JmapDeps['imageProxy'];
  /** Serve on 127.0.0.1 (for real clients); default inject only. */
  readonly listen?: boolean;
  /** Another node over a store already seeded by a first one: no domain or accounts created. */
  readonly isSecondNode?: boolean;
}

/** Plugin options a test may set; the services come from buildJmapApp. */
export type JmapTestOptions = Omit<
  JmapDeps,
  'directory' | 'mail' | 'model' | 'delivery' | 'clock' | 'logger'
>;

/** Directory, mail, delivery and the JMAP plugin (not yet listening) over a store. */
export async function buildJmapApp(
  store: Store,
  clock: Clock,
  options: JmapTestOptions,
): Promise<{ app: FastifyInstance; directory: DirectoryService; mail: MailService }> {
  const logger = silentLogger;
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname: 'mail.example.test', quotaFull: 'reject', stageTimeoutMs: 5000 },
  );
  const model = new JmapMailModel({ store, mail, clock });
  const app = Fastify({ logger: false });
  await app.register(
    jmapPlugin({ directory, mail, model, delivery, clock, logger, secureCookie: false, ...options }),
  );
  return { app, directory, mail };
}

/** Builds directory, mail, delivery and the JMAP plugin over `backend`, with Ana and Bob. */
export async function startBackendJmap(
  backend: OpenedBackend,
  options: BackendJmapOptions = {},
): Promise<BackendJmap> {
  const { store, clock } = backend;
  const { app, directory, mail } = await buildJmapApp(store, clock, {
    submissionPollMs: 60_000,
    ...(options.imageProxy ? { imageProxy: options.imageProxy } : {}),
  });
  if (options.listen) await app.listen({ host: '127.0.0.1', port: 0 });
  else await app.ready();
  const ana = options.isSecondNode
    ? await directory.getAccount('ana@example.test')
    : await seedAccounts(directory, mail);
  if (!ana) throw new Error('the first node has not seeded the accounts');
  const auth = `Basic ${Buffer.from(`ana@example.test:${password}`).toString('base64')}`;
  return {
    app,
    mail,
    directory,
    backend,
    anaId: ana.id,
    accountId: `A${ana.id}`,
    auth,
    async api(methodCalls, using = webmailCapabilities) {
      const response = await app.inject({
        method: 'POST',
        url: '/jmap/api',
        headers: { authorization: auth, 'content-type': 'application/json' },
        payload: { using, methodCalls },
      });
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
      return response.json<{ methodResponses: Invocation[] }>().methodResponses;
    },
    close: () => app.close(),
  };
}

async function seedAccounts(directory: DirectoryService, mail: MailService) {
  await directory.addDomain('example.test');
  const ana = await directory.addAccount({
    address: 'ana@example.test',
    password,
    displayName: 'Ana Quispe',
  });
  const bob = await directory.addAccount({ address: 'bob@example.test', password, displayName: 'Bob' });
  await mail.ensureDefaultMailboxes(ana.id);
  await mail.ensureDefaultMailboxes(bob.id);
  return ana;
}

/** The arguments of the single response of a one-call request. */
export async function callOne(
  jmap: BackendJmap,
  name: string,
  args: Record<string, unknown>,
): Promise<Invocation> {
  const [response] = await jmap.api([[name, args, 'c']]);
  if (!response) throw new Error('no response');
  return response;
}
