// JMAP benchmark: Email/query (inMailbox INBOX, sort receivedAt desc, limit 50, calculateTotal)
// over an account of 100,000 messages, through the plugin's HTTP API (Fastify inject): the first
// query (the email index is built: two set-based store reads) and later ones (warm), on SQLite
// and PostgreSQL. `BENCH_JMAP_MESSAGES` changes the size.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { silentLogger, systemClock } from '@chasqui/core';
import { DeliveryService } from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { jmapPlugin } from '@chasqui/jmap';
import { JmapMailModel, MailService } from '@chasqui/mail';
import { openStore, type Store } from '@chasqui/store';
import { dropSchema, freshSchemaName, makeTempDir, newMessage, postgresUrl } from '@chasqui/testkit';

const messageCount = Number(process.env['BENCH_JMAP_MESSAGES'] ?? 100_000);
const inFlight = 64;
const password = 'Bench-pass-2026!';

async function fill(store: Store, accountId: number, mailboxIds: readonly number[]): Promise<number> {
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < messageCount) {
      const n = issued++;
      const text = `mensaje ${n}`;
      // One in five also sits in a second mailbox; received times spread over ~3 years.
      const boxes = n % 5 === 0 ? [...mailboxIds] : [mailboxIds[0] ?? 0];
      await store.messages.append(
        newMessage(accountId, boxes, {
          raw: new TextEncoder().encode(`Subject: ${text}\r\nFrom: a@x.test\r\n\r\n${text}\r\n`),
          subject: text,
          searchText: text,
          receivedAt: 1_600_000_000_000 + ((n * 7919) % messageCount) * 1000,
          flags: n % 10 === 0 ? 0 : 1,
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - started;
}

async function measure(name: string, store: Store): Promise<string> {
  const clock = systemClock;
  const logger = silentLogger;
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname: 'bench.test', quotaFull: 'reject', stageTimeoutMs: 5000 },
  );
  const model = new JmapMailModel({ store, mail, clock });
  await directory.addDomain('bench.test');
  const account = await directory.addAccount({ address: 'b@bench.test', password });
  await mail.ensureDefaultMailboxes(account.id);
  const inbox = await store.mailboxes.getByName(account.id, 'INBOX');
  const archive = await store.mailboxes.getByRole(account.id, 'archive');
  if (!inbox || !archive) throw new Error('default mailboxes missing');
  const fillMs = await fill(store, account.id, [inbox.id, archive.id]);

  const app = Fastify({ logger: false });
  await app.register(jmapPlugin({ directory, mail, model, delivery, clock, logger, secureCookie: false }));
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/jmap/auth',
    headers: { 'content-type': 'application/json' },
    payload: { username: 'b@bench.test', password },
  });
  const { accessToken } = login.json<{ accessToken: string }>();
  const query = async (): Promise<number> => {
    const started = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/jmap/api',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      payload: {
        using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
        methodCalls: [
          [
            'Email/query',
            {
              accountId: `A${account.id}`,
              filter: { inMailbox: `F${inbox.id}` },
              sort: [{ property: 'receivedAt', isAscending: false }],
              limit: 50,
              calculateTotal: true,
            },
            'q',
          ],
        ],
      },
    });
    const elapsed = performance.now() - started;
    const body = response.json<{ methodResponses: [string, { total?: number; ids?: string[] }][] }>();
    const result = body.methodResponses[0]?.[1];
    if (result?.total !== messageCount || result.ids?.length !== 50) {
      throw new Error(`unexpected answer: ${response.body.slice(0, 300)}`);
    }
    return elapsed;
  };
  const coldMs = await query();
  const warm: number[] = [];
  for (let i = 0; i < 7; i++) warm.push(await query());
  warm.sort((a, b) => a - b);
  await app.close();
  const median = warm[Math.floor(warm.length / 2)] ?? 0;
  const worst = warm.at(-1) ?? 0;
  return `| ${name} | ${Math.round(fillMs / 1000)} | ${coldMs.toFixed(0)} | ${median.toFixed(1)} | ${worst.toFixed(1)} |`;
}

const rows: string[] = [];
const sqliteDir = makeTempDir('chasqui-bench-');
const sqlite = await openStore(
  { backend: 'sqlite', dataDir: sqliteDir.path },
  { clock: systemClock, logger: silentLogger },
);
rows.push(await measure('SQLite', sqlite));
await sqlite.close();
sqliteDir.remove();

if (process.env['BENCH_JMAP_SKIP_POSTGRES'] !== '1') {
  const pgDir = makeTempDir('chasqui-bench-');
  const schema = freshSchemaName();
  const postgres = await openStore(
    { backend: 'postgres', connectionString: postgresUrl, schema, blobDir: join(pgDir.path, 'blobs') },
    { clock: systemClock, logger: silentLogger },
  );
  rows.push(await measure('PostgreSQL', postgres));
  await postgres.close();
  await dropSchema(schema);
  pgDir.remove();
}

console.log(
  `\nJMAP benchmark: Email/query inMailbox INBOX, receivedAt desc, limit 50, calculateTotal; ${messageCount} messages\n`,
);
console.log('| backend | fill (s) | first query, index built (ms) | warm median (ms) | warm worst (ms) |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
