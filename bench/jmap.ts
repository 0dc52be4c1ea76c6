// JMAP benchmark: the webmail's Email/query views over an account of 100,000 messages (see
// lib/jmap-corpus.ts), through the plugin's HTTP API (Fastify inject), on SQLite and PostgreSQL.
// "first" is the first request after login in a cold process: a fresh store handle and fresh
// services (so no email index), repeated BENCH_JMAP_COLD_RUNS times; "warm" is later requests
// once the index has been built. `BENCH_JMAP_MESSAGES` changes the size; `BENCH_JMAP_VIEWS`
// (comma-separated parts of view names) picks views; BENCH_JMAP_SKIP_SQLITE / _POSTGRES=1.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { silentLogger, systemClock } from '@chasqui/core';
import { DeliveryService } from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { jmapPlugin } from '@chasqui/jmap';
import { JmapMailModel, MailService } from '@chasqui/mail';
import { openStore, type Store, type StoreOptions } from '@chasqui/store';
import { dropSchema, freshSchemaName, makeTempDir, postgresUrl } from '@chasqui/testkit';
import { benchTag, fillCorpus } from './lib/jmap-corpus.js';

const messageCount = Number(process.env['BENCH_JMAP_MESSAGES'] ?? 100_000);
const coldRuns = Number(process.env['BENCH_JMAP_COLD_RUNS'] ?? 5);
const warmRuns = 15;
const password = 'Bench-pass-2026!';
const address = 'b@bench.test';

type Call = [string, Record<string, unknown>, string];
interface Ids {
  account: string;
  inbox: string;
}

const page = { sort: [{ property: 'receivedAt', isAscending: false }], limit: 50, calculateTotal: true };
const query = (ids: Ids, filter: Record<string, unknown>, extra: Record<string, unknown> = {}): Call => [
  'Email/query',
  { accountId: ids.account, filter, ...page, ...extra },
  'q',
];
const listProperties = ['threadId', 'mailboxIds', 'keywords', 'from', 'subject', 'receivedAt', 'preview'];

/** The webmail opening a mailbox: its first page and those emails' list properties. */
const inboxWithEmails = (ids: Ids): Call[] => [
  query(ids, { inMailbox: ids.inbox }),
  [
    'Email/get',
    {
      accountId: ids.account,
      '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
      properties: listProperties,
    },
    'g',
  ],
];

/** The views measured: name → the request's method calls. */
const views: readonly [string, (ids: Ids) => Call[]][] = [
  ['inbox', (ids) => [query(ids, { inMailbox: ids.inbox })]],
  ['inbox + Email/get', (ids) => inboxWithEmails(ids)],
  [
    'open: Mailbox/get + inbox + Email/get',
    (ids) => [['Mailbox/get', { accountId: ids.account, ids: null }, 'm'], ...inboxWithEmails(ids)],
  ],
  ['unread', (ids) => [query(ids, { inMailbox: ids.inbox, notKeyword: '$seen' })]],
  ['tag', (ids) => [query(ids, { hasKeyword: benchTag })]],
  ['threads', (ids) => [query(ids, { inMailbox: ids.inbox }, { collapseThreads: true })]],
  ['text "informacion"', (ids) => [query(ids, { text: 'informacion' })]],
  [
    'text + SearchSnippet/get',
    (ids) => [
      query(ids, { text: 'reunion coordinacion' }),
      [
        'SearchSnippet/get',
        {
          accountId: ids.account,
          filter: { text: 'reunion coordinacion' },
          '#emailIds': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        },
        's',
      ],
    ],
  ],
  ['from "perez"', (ids) => [query(ids, { from: 'perez' })]],
  ['hasAttachment', (ids) => [query(ids, { inMailbox: ids.inbox, hasAttachment: true })]],
];

interface Session {
  app: FastifyInstance;
  /** How long the login took: on SQLite it may include index work it started. */
  loginMs: number;
  model: JmapMailModel;
  accountId: number;
  token: string;
  store: Store;
}

async function openSession(options: StoreOptions): Promise<Session> {
  const clock = systemClock;
  const logger = silentLogger;
  const store = await openStore(options, { clock, logger });
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname: 'bench.test', quotaFull: 'reject', stageTimeoutMs: 5000 },
  );
  const model = new JmapMailModel({ store, mail, clock });
  const app = Fastify({ logger: false });
  await app.register(jmapPlugin({ directory, mail, model, delivery, clock, logger, secureCookie: false }));
  await app.ready();
  const started = performance.now();
  const login = await app.inject({
    method: 'POST',
    url: '/jmap/auth',
    headers: { 'content-type': 'application/json' },
    payload: { username: address, password },
  });
  const loginMs = performance.now() - started;
  const { accessToken, accountId } = login.json<{ accessToken: string; accountId: string }>();
  return { app, model, store, loginMs, token: accessToken, accountId: Number(accountId.slice(1)) };
}

async function timeRequest(session: Session, calls: Call[]): Promise<number> {
  const started = performance.now();
  const response = await session.app.inject({
    method: 'POST',
    url: '/jmap/api',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    payload: { using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'], methodCalls: calls },
  });
  const elapsed = performance.now() - started;
  const body = response.json<{ methodResponses: [string, { ids?: string[] }][] }>();
  const failed = body.methodResponses.find(([name]) => name === 'error');
  if (
    response.statusCode !== 200 ||
    failed ||
    (body.methodResponses.find(([name]) => name === 'Email/query')?.[1].ids?.length ?? 0) === 0
  ) {
    throw new Error(`unexpected answer: ${response.body.slice(0, 300)}`);
  }
  return elapsed;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const format = (samples: readonly number[]): string =>
  `${percentile(samples, 50).toFixed(0)} | ${percentile(samples, 95).toFixed(0)}`;

async function measureView(options: StoreOptions, calls: (ids: Ids) => Call[]): Promise<string> {
  const first: number[] = [];
  const loginAndFirst: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < coldRuns; run++) {
    const session = await openSession(options);
    const inbox = await session.store.mailboxes.getByName(session.accountId, 'INBOX');
    const ids = { account: `A${session.accountId}`, inbox: `F${inbox?.id ?? 0}` };
    first.push(await timeRequest(session, calls(ids)));
    loginAndFirst.push(session.loginMs + (first.at(-1) ?? 0));
    if (run === coldRuns - 1) {
      await session.model.emails.load(session.accountId);
      for (let i = 0; i < warmRuns; i++) warm.push(await timeRequest(session, calls(ids)));
    }
    await session.app.close();
    await session.store.close();
  }
  return `${format(first)} | ${format(loginAndFirst)} | ${format(warm)}`;
}

async function measureBackend(name: string, options: StoreOptions): Promise<string[]> {
  const setup = await openStore(options, { clock: systemClock, logger: silentLogger });
  const directory = new DirectoryService({ store: setup, clock: systemClock, logger: silentLogger });
  const mail = new MailService({ store: setup, clock: systemClock, logger: silentLogger });
  await directory.addDomain('bench.test');
  const account = await directory.addAccount({ address, password });
  await mail.ensureDefaultMailboxes(account.id);
  const inbox = await setup.mailboxes.getByName(account.id, 'INBOX');
  const archive = await setup.mailboxes.getByRole(account.id, 'archive');
  if (!inbox || !archive) throw new Error('default mailboxes missing');
  const fillMs = await fillCorpus(setup, account.id, [inbox.id, archive.id], messageCount);
  await setup.close();
  console.error(`${name}: filled ${messageCount} messages in ${(fillMs / 1000).toFixed(0)} s`);
  const rows: string[] = [];
  const wanted = process.env['BENCH_JMAP_VIEWS']?.split(',') ?? null;
  const chosen = views.filter(([view]) => !wanted || wanted.some((part) => view.includes(part)));
  for (const [view, calls] of chosen)
    rows.push(`| ${name} | ${view} | ${await measureView(options, calls)} |`);
  return rows;
}

const rows: string[] = [];
if (process.env['BENCH_JMAP_SKIP_SQLITE'] !== '1') {
  const sqliteDir = makeTempDir('chasqui-bench-');
  rows.push(...(await measureBackend('SQLite', { backend: 'sqlite', dataDir: sqliteDir.path })));
  sqliteDir.remove();
}

if (process.env['BENCH_JMAP_SKIP_POSTGRES'] !== '1') {
  const pgDir = makeTempDir('chasqui-bench-');
  const schema = freshSchemaName();
  const options: StoreOptions = {
    backend: 'postgres',
    connectionString: postgresUrl,
    schema,
    blobDir: join(pgDir.path, 'blobs'),
  };
  rows.push(...(await measureBackend('PostgreSQL', options)));
  await dropSchema(schema);
  pgDir.remove();
}

console.log(
  `\nJMAP benchmark: ${messageCount} messages; first request after login in a cold process (${coldRuns} runs) and warm (${warmRuns} runs), ms\n`,
);
console.log(
  '| backend | view | first median | first p95 | login + first median | login + first p95 | warm median | warm p95 |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
