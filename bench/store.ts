// Store benchmark (issue: foundation): appends/s of 4 KB messages with blobs, listing UIDs+flags
// of a 100,000-message mailbox, and reading changes since a modseq — on SQLite and PostgreSQL.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, systemClock } from '@chasqui/core';
import { openStore, type NewMessage, type Store } from '@chasqui/store';
import { dropSchema, freshSchemaName, makeTempDir, newMessage, postgresUrl } from '@chasqui/testkit';

const mailboxSize = Number(process.env['BENCH_STORE_MESSAGES'] ?? 100_000);
const appendCount = Number(process.env['BENCH_STORE_APPENDS'] ?? 20_000);
const inFlight = 64;
const filler = 'x'.repeat(3900);
let sequence = 0;

function message(accountId: number, mailboxId: number): NewMessage {
  sequence++;
  const raw = new TextEncoder().encode(
    `Subject: mensaje ${sequence}\r\nFrom: a@x.test\r\n\r\n${sequence} ${filler}\r\n`,
  );
  // Nine in ten are \Seen, as in a real mailbox.
  const text = `mensaje ${sequence}`;
  return newMessage(accountId, [mailboxId], {
    raw,
    subject: text,
    searchText: text,
    flags: sequence % 10 === 0 ? 0 : 1,
  });
}

async function appendMany(
  store: Store,
  accountId: number,
  mailboxId: number,
  count: number,
): Promise<number> {
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < count) {
      issued++;
      await store.messages.append(message(accountId, mailboxId));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - started;
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function measure(name: string, store: Store): Promise<string> {
  const domain = await store.domains.create('bench.test');
  const account = await store.accounts.create({
    domainId: domain.id,
    address: 'b@bench.test',
    displayName: '',
    passwordHash: 'x',
  });
  const inbox = await store.mailboxes.create(account.id, { name: 'INBOX', role: 'inbox' });
  const cpuBefore = process.cpuUsage();
  const appendMs = await appendMany(store, account.id, inbox.id, appendCount);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / appendCount;
  if (mailboxSize > appendCount) await appendMany(store, account.id, inbox.id, mailboxSize - appendCount);
  const coldStart = performance.now();
  const listing = await store.messages.listMailbox(inbox.id);
  const coldMs = performance.now() - coldStart;
  const listMs = await median(5, () => store.messages.listMailbox(inbox.id));
  await store.messages.setFlags(
    account.id,
    listing.slice(0, 100).map((entry) => entry.messageId),
    { add: { flags: 1 } },
  );
  const changedStart = performance.now();
  await store.messages.listMailbox(inbox.id);
  const afterChangesMs = performance.now() - changedStart;
  const highest = await store.changes.highestModseq(account.id);
  const changesMs = await median(5, () => store.changes.since(account.id, highest - 1000));
  const rate = Math.round(appendCount / (appendMs / 1000));
  return `| ${name} | ${rate.toLocaleString('en')} | ${cpuMsPerMessage.toFixed(3)} | ${coldMs.toFixed(0)} | ${listMs.toFixed(1)} | ${afterChangesMs.toFixed(1)} | ${changesMs.toFixed(2)} |`;
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

console.log(
  `\nStore benchmark: ${appendCount} appends of 4 KB (${inFlight} in flight), mailbox of ${mailboxSize} messages\n`,
);
console.log(
  '| backend | appends/s | CPU ms/append | list UIDs+flags: first (ms) | again (ms) | after 100 flag changes (ms) | changes since (last 1,000) (ms) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
