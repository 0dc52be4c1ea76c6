// `chasqui serve --workers 2` with real clients: connections are spread over both workers, and
// what one worker does is seen by the other — an IMAP IDLE session learns of mail appended
// through other connections, the POP3 maildrop lock and the brute-force limiter hold across
// workers — and SIGTERM stops the whole cluster cleanly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { dropSchema, freshSchemaName, makeTempDir, postgresUrl, testBackends } from '@chasqui/testkit';
import { killLeftoverServers, listenerVariables, startServe, type RunningServe } from './cli-harness.js';

after(killLeftoverServers);

const password = 'Cl@ve-del-cluster-2026';
const listeners = listenerVariables;

/** Distinct free ports: in a cluster, listen(0) would give every listener the same shared port. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitForLine(server: RunningServe, text: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (server.lines.some((line) => line.includes(text))) return;
    await sleep(50);
  }
  throw new Error(`no ${text} line`);
}

/** A line-oriented POP3 conversation on a raw socket. */
class Pop3Client {
  private buffered = '';
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (this.buffered += chunk));
  }

  static async open(port: number): Promise<Pop3Client> {
    const client = new Pop3Client(connect(port, '127.0.0.1'));
    await client.reply();
    return client;
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }

  private async reply(): Promise<string> {
    for (let waited = 0; waited < 10_000; waited += 10) {
      const end = this.buffered.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 2);
        return line;
      }
      await sleep(10);
    }
    throw new Error('no POP3 reply');
  }
}

function imapClientOn(port: number): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    tls: { rejectUnauthorized: false },
    auth: { user: 'admin@example.test', pass: password },
    logger: false,
  });
}

/** An IDLE session on `watchPort` sees, within one second, each message appended through `writePorts`. */
async function expectIdleNotices(watchPort: number, writePorts: readonly number[]): Promise<void> {
  const watcher = imapClientOn(watchPort);
  await watcher.connect();
  await watcher.mailboxOpen('INBOX');
  const seen: number[] = [];
  watcher.on('exists', (event: { count: number }) => seen.push(event.count));
  const start = watcher.mailbox === false ? 0 : watcher.mailbox.exists;
  void watcher.idle();
  while (!(watcher as unknown as { idling: boolean }).idling) await sleep(5);
  for (const [i, port] of writePorts.entries()) {
    const writer = imapClientOn(port);
    await writer.connect();
    await writer.append('INBOX', `Subject: notice ${String(i)}\r\n\r\nhola\r\n`);
    await writer.logout();
    const expected = start + i + 1;
    for (let waited = 0; !seen.includes(expected); waited += 20) {
      assert.ok(waited < 1_000, `EXISTS ${String(expected)} within one second (saw ${seen.join(',')})`);
      await sleep(20);
    }
  }
  await watcher.logout();
}

/** Environment putting every listener on its own free port. */
async function portEnv(): Promise<{ env: Record<string, string>; ports: Record<string, number> }> {
  const free = await freePorts(listeners.length);
  const env: Record<string, string> = {};
  const ports: Record<string, number> = {};
  listeners.forEach((name, i) => {
    env[`CHASQUI_${name}_PORT`] = String(free[i]);
    ports[name.toLowerCase()] = free[i] ?? 0;
  });
  return { env, ports };
}

describe('chasqui serve --workers 2', () => {
  let server: RunningServe;
  const ports: Record<string, number> = {};
  const dir = makeTempDir('chasqui-cluster-');

  before(async () => {
    const assigned = await portEnv();
    Object.assign(ports, assigned.ports);
    const env = { ...assigned.env, CHASQUI_ADMIN_PASSWORD: password };
    server = await startServe(join(dir.path, 'data'), env, { args: ['--workers', '2'] });
    await waitForLine(server, '"cluster.ready"');
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    assert.ok(server.lines.some((line) => line.includes('"cluster.stopped"')));
    dir.remove();
  });

  it('spreads POP3 sessions over both workers and holds the maildrop lock across them', async () => {
    const logIn = async () => {
      const client = await Pop3Client.open(ports['pop3'] ?? 0);
      await client.command('USER admin@example.test');
      return { client, reply: await client.command(`PASS ${password}`) };
    };
    for (let i = 0; i < 2; i++) {
      const { client, reply } = await logIn();
      assert.match(reply, /^\+OK/);
      await client.command('QUIT');
      client.close();
    }
    await sleep(100);
    const workers = new Set(
      server.lines
        .filter((line) => line.includes('"pop3.login"'))
        .map((line) => (JSON.parse(line) as { worker?: string }).worker),
    );
    assert.deepEqual([...workers].sort(), ['0', '1'], 'round robin used both workers');

    const holder = await logIn();
    assert.match(holder.reply, /^\+OK/);
    // Round robin alternates: of two more sessions, one lands on the other worker.
    for (let i = 0; i < 2; i++) {
      const { client, reply } = await logIn();
      assert.match(reply, /^-ERR \[IN-USE\]/);
      client.close();
    }
    await holder.client.command('QUIT');
    holder.client.close();
    await sleep(200);
    const again = await logIn();
    assert.match(again.reply, /^\+OK/);
    await again.client.command('QUIT');
    again.client.close();
  });

  it('tells an IDLE session on one worker about mail appended through the other', async () => {
    // Round robin alternates: of the two writers, one lands on the watcher's other worker.
    await expectIdleNotices(ports['imap'] ?? 0, [ports['imap'] ?? 0, ports['imap'] ?? 0]);
  });

  it('counts failed logins on every worker against one limit', async () => {
    for (let i = 0; i < 10; i++) {
      const client = await Pop3Client.open(ports['pop3'] ?? 0);
      await client.command('USER admin@example.test');
      assert.match(await client.command('PASS wrong-password'), /^-ERR/);
      client.close();
    }
    const client = await Pop3Client.open(ports['pop3'] ?? 0);
    await client.command('USER admin@example.test');
    assert.match(
      await client.command(`PASS ${password}`),
      /^-ERR/,
      'locked on both workers after 10 failures',
    );
    client.close();
  });
});

const postgres = testBackends.find((backend) => backend.name === 'postgres');
const noPostgres = postgres === undefined ? 'no PostgreSQL backend' : await postgres.skip();

describe('two chasqui nodes on one PostgreSQL schema', { skip: noPostgres }, () => {
  const schema = freshSchemaName();
  const dir = makeTempDir('chasqui-nodes-');
  const nodes: { server: RunningServe; imap: number }[] = [];

  before(async () => {
    const shared = {
      CHASQUI_ADMIN_PASSWORD: password,
      CHASQUI_STORE_BACKEND: 'postgres',
      CHASQUI_STORE_POSTGRES_URL: postgresUrl,
      CHASQUI_STORE_POSTGRES_SCHEMA: schema,
      CHASQUI_STORE_BLOB_DIR: join(dir.path, 'blobs'),
    };
    // One after the other: the first node bootstraps, the second finds it done.
    for (const name of ['a', 'b']) {
      const { env, ports } = await portEnv();
      const server = await startServe(join(dir.path, name), { ...shared, ...env });
      nodes.push({ server, imap: ports['imap'] ?? 0 });
    }
  });

  after(async () => {
    for (const node of nodes) assert.equal(await node.server.stop(), 0);
    await dropSchema(schema);
    dir.remove();
  });

  it('tells an IDLE session on one node about mail appended on the other', async () => {
    const [a, b] = nodes;
    assert.ok(a && b);
    await expectIdleNotices(a.imap, [b.imap, b.imap]);
  });
});
