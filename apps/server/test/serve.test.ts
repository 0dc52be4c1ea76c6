import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@chasqui/core';
import { DirectoryService } from '@chasqui/directory';
import { openStore, type StoreOptions } from '@chasqui/store';
import { dropSchema, freshSchemaName, makeTempDir, postgresUrl, testBackends } from '@chasqui/testkit';
import { killLeftoverServers, runCli, startServe } from './cli-harness.js';

after(killLeftoverServers);

async function canLogIn(options: StoreOptions, username: string, password: string): Promise<boolean> {
  const store = await openStore(options, { clock: systemClock, logger: silentLogger });
  try {
    const directory = new DirectoryService({ store, clock: systemClock, logger: silentLogger });
    await directory.authenticate({ username, password, protocol: 'imap', remoteIp: '127.0.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

function httpsGet(
  port: number,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(
      { host: '127.0.0.1', port, path, servername: 'localhost', rejectUnauthorized: false },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    )
      .on('error', reject)
      .end();
  });
}

describe('chasqui serve (SQLite)', () => {
  it('first start creates the domain and admin, serves /health and /metrics, and stops on SIGTERM', async () => {
    const dir = makeTempDir('chasqui-serve-');
    const data = join(dir.path, 'data');
    const server = await startServe(data);
    const banner = server.lines.join('\n');
    assert.match(banner, /address: {2}admin@example\.test/);
    const password = /password: (\S+)/.exec(banner)?.[1];
    assert.ok(password);

    const health = await fetch(`http://127.0.0.1:${server.ports['http']}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), {
      status: 'ok',
      components: {
        store: 'ok',
        listeners: {
          http: 'ok',
          https: 'ok',
          smtp: 'ok',
          submission: 'ok',
          submissions: 'ok',
          imap: 'ok',
          imaps: 'ok',
          pop3: 'ok',
          pop3s: 'ok',
        },
      },
    });
    const metrics = await (await fetch(`http://127.0.0.1:${server.ports['http']}/metrics`)).text();
    assert.match(metrics, /^chasqui_up 1$/m);
    assert.match(metrics, /chasqui_http_requests_total\{method="GET",route="\/health",status="200"\} 1/);

    // HTTPS on the self-signed development certificate, with HSTS.
    const secure = await httpsGet(server.ports['https']!, '/health');
    assert.equal(secure.status, 200);
    assert.match(String(secure.headers['strict-transport-security']), /max-age=/);

    // An admin verb works while the server holds the database (SQLite WAL).
    const added = await runCli([
      'user',
      'add',
      'rosa@example.test',
      '--password',
      'Llave-Floral-2026',
      '--data',
      data,
    ]);
    assert.equal(added.code, 0, added.stderr);

    // Mail through the MX port lands in the administrator's INBOX and in the message log.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.ports['smtp'],
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'vecino@outside.test',
      to: 'admin@example.test',
      subject: 'Bienvenida',
      text: 'Hola',
    });
    const log = await runCli(['log', 'search', '--address', 'admin@example.test', '--json', '--data', data]);
    assert.equal(log.code, 0, log.stderr);
    const entry = JSON.parse(log.stdout.trim().split('\n')[0] ?? '{}') as {
      subject?: string;
      recipients?: { status: string }[];
    };
    assert.equal(entry.subject, 'Bienvenida');
    assert.equal(entry.recipients?.[0]?.status, 'delivered');
    // …and IMAP reads it (plain text allowed: development on loopback).
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port: server.ports['imap'] ?? 0,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'admin@example.test', pass: password },
      logger: false,
    });
    await imap.connect();
    await imap.mailboxOpen('INBOX');
    const fetched = await imap.fetchOne('*', { envelope: true });
    assert.equal(fetched && fetched.envelope?.subject, 'Bienvenida');
    await imap.logout();
    // …and JMAP lists it too (the webmail's API).
    const jmap = await fetch(`http://127.0.0.1:${server.ports['http']}/jmap/session`, {
      headers: { authorization: `Basic ${Buffer.from(`admin@example.test:${password}`).toString('base64')}` },
    });
    assert.equal(jmap.status, 200);
    const session = (await jmap.json()) as { username?: string; apiUrl?: string };
    assert.equal(session.username, 'admin@example.test');
    const dkim = await runCli(['dkim', 'dns', 'example.test', '--data', data]);
    assert.match(dkim.stdout, /\._domainkey\.example\.test\. IN TXT "v=DKIM1; k=rsa; p=/);

    const started = Date.now();
    assert.equal(await server.stop(), 0);
    assert.ok(Date.now() - started < 5000, 'stopped within 5 s');

    // After a restart: no new admin, the accounts are still there.
    const again = await startServe(data);
    assert.doesNotMatch(again.lines.join('\n'), /first start/);
    assert.equal(await again.stop(), 0);
    const sqlite: StoreOptions = { backend: 'sqlite', dataDir: data };
    assert.equal(await canLogIn(sqlite, 'admin@example.test', password), true);
    assert.equal(await canLogIn(sqlite, 'rosa@example.test', 'Llave-Floral-2026'), true);
    assert.equal(await canLogIn(sqlite, 'rosa@example.test', 'clave-equivocada'), false);
    dir.remove();
  });

  it('takes the admin password from CHASQUI_ADMIN_PASSWORD and never prints it', async () => {
    const dir = makeTempDir('chasqui-serve-admin-');
    const data = join(dir.path, 'data');
    const secret = 'Secreto-Del-Jefe-2026';
    const server = await startServe(data, {
      CHASQUI_ADMIN_PASSWORD: secret,
      CHASQUI_HOSTNAME_UNUSED: '',
    }).catch((error: unknown) => error as Error);
    // An unknown CHASQUI_* variable stops the start: exit 2, no server.
    assert.ok(server instanceof Error);
    assert.match(
      server.message,
      /exited with 2: chasqui: config error: CHASQUI_HOSTNAME_UNUSED: unknown environment variable/,
    );
    const good = await startServe(data, { CHASQUI_ADMIN_PASSWORD: secret });
    assert.doesNotMatch(good.lines.join('\n'), new RegExp(secret));
    assert.equal(await good.stop(), 0);
    assert.equal(await canLogIn({ backend: 'sqlite', dataDir: data }, 'admin@example.test', secret), true);
    dir.remove();
  });

  it('doctor skips the ports the running Chasqui holds, and says so', async () => {
    const dir = makeTempDir('chasqui-serve-doctor-');
    const data = join(dir.path, 'data');
    const probe = await startServe(join(dir.path, 'probe'));
    const ports = { http: probe.ports['http']!, https: probe.ports['https']! };
    await probe.stop();
    // Reuse the ports the system just handed out: free now, fixed for doctor to check.
    const env = { CHASQUI_HTTP_PORT: String(ports.http), CHASQUI_HTTPS_PORT: String(ports.https) };
    const server = await startServe(data, env);
    const doctor = await runCli(['doctor', '--data', data], env);
    assert.match(
      doctor.stdout,
      new RegExp(`\\[skip\\]\\s+port http\\s+127\\.0\\.0\\.1:${ports.http} held by the running Chasqui`),
    );
    assert.match(doctor.stdout, /\[ok\]\s+tls\s+|\[warn\]\s+tls\s+.*self-signed/);
    assert.equal(await server.stop(), 0);
    dir.remove();
  });

  it('port-squatting: a taken port stops the start with a non-zero exit', async () => {
    const dir = makeTempDir('chasqui-serve-busy-');
    const first = await startServe(join(dir.path, 'a'));
    const second = await startServe(join(dir.path, 'b'), {
      CHASQUI_HTTP_PORT: String(first.ports['http']),
    }).catch((error: unknown) => error as Error);
    assert.ok(second instanceof Error);
    assert.match(second.message, /exited with 1: .*EADDRINUSE/);
    assert.equal(await first.stop(), 0);
    dir.remove();
  });
});

const postgres = testBackends.find((backend) => backend.name === 'postgres')!;

describe('chasqui serve (PostgreSQL)', () => {
  it('serves on a fresh schema, keeps accounts across restarts', async (t) => {
    const skip = await postgres.skip();
    if (skip) {
      t.skip(skip);
      return;
    }
    const dir = makeTempDir('chasqui-serve-pg-');
    const schema = freshSchemaName();
    const env = {
      CHASQUI_STORE_BACKEND: 'postgres',
      CHASQUI_STORE_POSTGRES_URL: postgresUrl,
      CHASQUI_STORE_POSTGRES_SCHEMA: schema,
      CHASQUI_ADMIN_PASSWORD: 'Jefe-Postgres-2026',
    };
    try {
      const server = await startServe(join(dir.path, 'data'), env);
      const health = await fetch(`http://127.0.0.1:${server.ports['http']}/health`);
      assert.equal(health.status, 200);
      const added = await runCli(
        [
          'user',
          'add',
          'pg@example.test',
          '--password',
          'Llave-Elefante-2026',
          '--data',
          join(dir.path, 'data'),
        ],
        env,
      );
      assert.equal(added.code, 0, added.stderr);
      assert.equal(await server.stop(), 0);
      const options: StoreOptions = {
        backend: 'postgres',
        connectionString: postgresUrl,
        schema,
        blobDir: join(dir.path, 'data', 'blobs'),
      };
      assert.equal(await canLogIn(options, 'pg@example.test', 'Llave-Elefante-2026'), true);
      assert.equal(await canLogIn(options, 'admin@example.test', 'Jefe-Postgres-2026'), true);
    } finally {
      await dropSchema(schema);
      dir.remove();
    }
  });
});
