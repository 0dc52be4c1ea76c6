// A JMAP plugin over a real SQLite store in a temp dir, with directory, mail and delivery.
// `restart()` closes the server and the store and opens both again over the same files (a new
// plugin instance, as after a process restart); `listen` serves on 127.0.0.1 for real clients.
import type { FastifyInstance } from 'fastify';
import { silentLogger, systemClock } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';
import type { JmapLimits } from '../src/index.js';
import { buildJmapApp } from './backend-harness.js';

export const password = 'S3cret-pass!x';

export const allCapabilities = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
  'urn:ietf:params:jmap:vacationresponse',
];

export type MethodResponses = [string, Record<string, unknown>, string][];

export interface HarnessOptions {
  readonly limits?: Partial<JmapLimits>;
  /** Serve on 127.0.0.1 (for real clients); default: inject only. */
  readonly listen?: boolean;
}

interface World {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly url: string;
}

async function openWorld(dataDir: string, options: HarnessOptions): Promise<World> {
  const clock = systemClock;
  const logger = silentLogger;
  const store = await openStore({ backend: 'sqlite', dataDir }, { clock, logger });
  const { app, directory, mail } = await buildJmapApp(store, clock, {
    submissionPollMs: 200,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  if (!options.listen) await app.ready();
  return { app, store, mail, directory, url };
}

export class JmapHarness {
  readonly auth = `Basic ${Buffer.from(`ana@example.test:${password}`).toString('base64')}`;
  accountId = '';
  numericAccountId = 0;

  private constructor(
    private world: World,
    private readonly dir: { path: string; remove(): void },
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<JmapHarness> {
    const dir = makeTempDir('chasqui-jmap-');
    const harness = new JmapHarness(await openWorld(dir.path, options), dir, options);
    const { directory, mail } = harness.world;
    await directory.addDomain('example.test');
    const account = await directory.addAccount({ address: 'ana@example.test', password, displayName: 'Ana' });
    await directory.addAccount({ address: 'bob@example.test', password });
    await directory.addAlias('ventas@example.test', ['ana@example.test']);
    await mail.ensureDefaultMailboxes(account.id);
    harness.accountId = `A${account.id}`;
    harness.numericAccountId = account.id;
    return harness;
  }

  get app(): FastifyInstance {
    return this.world.app;
  }
  get store(): Store {
    return this.world.store;
  }
  get mail(): MailService {
    return this.world.mail;
  }
  get directory(): DirectoryService {
    return this.world.directory;
  }
  /** http://127.0.0.1:port when listening. */
  get url(): string {
    return this.world.url;
  }

  async api(methodCalls: unknown[], using = allCapabilities): Promise<{ methodResponses: MethodResponses }> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/jmap/api',
      headers: { authorization: this.auth, 'content-type': 'application/json' },
      payload: { using, methodCalls },
    });
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
    return response.json<{ methodResponses: MethodResponses }>();
  }

  /** Logs in through POST /jmap/auth; returns the bearer token and CSRF value. */
  async login(): Promise<{ accessToken: string; csrfToken: string }> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/jmap/auth',
      headers: { 'content-type': 'application/json' },
      payload: { username: 'ana@example.test', password },
    });
    return response.json<{ accessToken: string; csrfToken: string }>();
  }

  /** Delivers a message to Ana's INBOX through the mail service. */
  async deliver(raw: string): Promise<void> {
    await this.mail.ingest({
      accountId: this.numericAccountId,
      raw: Buffer.from(raw.replace(/\r?\n/g, '\r\n')),
    });
  }

  /** Messages in Bob's INBOX. */
  async bobInbox(): Promise<number> {
    const bob = await this.store.accounts.getByAddress('bob@example.test');
    const inbox = bob ? await this.mail.mailboxes.get(bob.id, 'INBOX') : null;
    return bob && inbox ? (await this.mail.messages.list(bob.id, inbox.id)).length : 0;
  }

  /** Closes server and store and opens both again over the same data directory. */
  async restart(): Promise<void> {
    await this.world.app.close();
    await this.world.store.close();
    this.world = await openWorld(this.dir.path, this.options);
  }

  async stop(): Promise<void> {
    await this.world.app.close();
    await this.world.store.close();
    this.dir.remove();
  }
}

export function startJmap(options: HarnessOptions = {}): Promise<JmapHarness> {
  return JmapHarness.start(options);
}

/** Mailbox ids by role. */
export async function roles(h: JmapHarness): Promise<Record<string, string>> {
  const { methodResponses } = await h.api([
    ['Mailbox/get', { accountId: h.accountId, properties: ['role'] }, 'm'],
  ]);
  const list = methodResponses[0]?.[1]['list'] as { id: string; role: string | null }[];
  const byRole: Record<string, string> = {};
  for (const mailbox of list) if (mailbox.role !== null) byRole[mailbox.role] = mailbox.id;
  return byRole;
}

/** A draft from Ana to Bob, created through Email/set; returns its id. */
export async function createDraft(
  h: JmapHarness,
  subject: string,
  from = 'ana@example.test',
): Promise<string> {
  const boxes = await roles(h);
  const { methodResponses } = await h.api([
    [
      'Email/set',
      {
        accountId: h.accountId,
        create: {
          d: {
            mailboxIds: { [boxes['drafts'] ?? '']: true },
            keywords: { $draft: true },
            from: [{ email: from }],
            to: [{ email: 'bob@example.test' }],
            subject,
            textBody: [{ partId: 't', type: 'text/plain' }],
            bodyValues: { t: { value: `cuerpo de ${subject}` } },
          },
        },
      },
      'e',
    ],
  ]);
  const created = methodResponses[0]?.[1]['created'] as Record<string, { id: string }> | null;
  if (!created?.['d']) throw new Error(JSON.stringify(methodResponses));
  return created['d'].id;
}

/** Ana's first identity id. */
export async function identityId(h: JmapHarness): Promise<string> {
  const { methodResponses } = await h.api([['Identity/get', { accountId: h.accountId }, 'i']]);
  const list = methodResponses[0]?.[1]['list'] as { id: string }[];
  return list[0]?.id ?? '';
}
