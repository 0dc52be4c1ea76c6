import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, TLSSocket, type Server } from 'node:tls';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { silentLogger, type LogFields, type Logger } from '@chasqui/core';
import { TlsManager } from './tls-manager.js';

async function writePair(dir: string, base: string, names: string[]): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: names[0]! }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) }],
  });
  const files = { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`) };
  // Atomic replacement, as certbot does: write aside, then rename over.
  writeFileSync(`${files.key}.new`, pems.private);
  writeFileSync(`${files.cert}.new`, pems.cert);
  renameSync(`${files.key}.new`, files.key);
  renameSync(`${files.cert}.new`, files.cert);
  return files;
}

async function peerNames(port: number, servername?: string): Promise<string> {
  const socket = connect({
    port,
    host: '127.0.0.1',
    rejectUnauthorized: false,
    ...(servername ? { servername } : {}),
  });
  await once(socket, 'secureConnect');
  const names = socket.getPeerCertificate().subjectaltname ?? '';
  socket.destroy();
  return names;
}

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const logger: Logger & { errors: string[] } = {
    ...silentLogger,
    errors,
    error: (_fields: LogFields, message: string) => {
      errors.push(message);
    },
    child: () => logger,
  };
  return logger;
}

describe('TlsManager', () => {
  let dir: string;
  let server: Server;
  let manager: TlsManager;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chasqui-tls-'));
    const first = await writePair(dir, 'default', ['mail.uno.test']);
    const second = await writePair(dir, 'wild', ['*.dos.test', 'dos.test']);
    manager = TlsManager.fromFiles([first, second], silentLogger);
    server = createServer(manager.serverOptions(), (socket) => socket.end());
    manager.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('selects by exact SNI name, by wildcard, and falls back to the default', async () => {
    assert.equal(await peerNames(port, 'mail.uno.test'), 'DNS:mail.uno.test');
    assert.equal(await peerNames(port, 'imap.dos.test'), 'DNS:*.dos.test, DNS:dos.test');
    assert.equal(await peerNames(port, 'dos.test'), 'DNS:*.dos.test, DNS:dos.test');
    // wildcard-depth-confusion: *.dos.test must not cover a.b.dos.test (RFC 6125 §6.4.3).
    assert.equal(await peerNames(port, 'a.b.dos.test'), 'DNS:mail.uno.test');
    assert.equal(await peerNames(port), 'DNS:mail.uno.test');
  });

  it('serves the new certificate after the files are replaced and reloaded', async () => {
    await writePair(dir, 'wild', ['*.dos.test', 'nuevo.test']);
    manager.reload();
    assert.equal(await peerNames(port, 'x.dos.test'), 'DNS:*.dos.test, DNS:nuevo.test');
  });

  it('reloads by itself when the files change on disk (fs.watch)', async () => {
    const files = await writePair(dir, 'watched', ['antes.test']);
    const own = TlsManager.fromFiles([files], silentLogger);
    let reloaded!: () => void;
    const seen = new Promise<void>((resolve) => (reloaded = resolve));
    const stop = own.watch(60_000, () => {
      if (own.describe()[0]!.hostNames[0] === 'despues.test') reloaded();
    });
    await writePair(dir, 'watched', ['despues.test']);
    await seen;
    stop();
  });

  it('bad-certificate-swap: a corrupt new file keeps the old pair and logs an error', async () => {
    const logger = recordingLogger();
    const files = await writePair(dir, 'solo', ['solo.test']);
    const own = TlsManager.fromFiles([files], logger);
    writeFileSync(files.cert, '-----BEGIN CERTIFICATE-----\nbasura\n-----END CERTIFICATE-----\n');
    own.reload();
    assert.equal(logger.errors.length, 1);
    assert.deepEqual(own.describe()[0]!.hostNames, ['solo.test']);
  });

  it('mismatched-key: a key that does not match its certificate is refused at start', async () => {
    const a = await writePair(dir, 'a', ['a.test']);
    const b = await writePair(dir, 'b', ['b.test']);
    assert.throws(() => TlsManager.fromFiles([{ cert: a.cert, key: b.key }], silentLogger), /a\.crt/);
  });

  it('upgrades plain sockets in place with one shared context, SNI included, and follows reloads', async () => {
    const upgrades = createTcpServer((plain) => {
      // As STARTTLS does once "OK Begin TLS" is written.
      const secure = new TLSSocket(plain, { isServer: true, ...manager.upgradeOptions() });
      secure.on('secure', () => secure.end());
      secure.on('error', () => undefined);
    });
    upgrades.listen(0, '127.0.0.1');
    await once(upgrades, 'listening');
    const upgradePort = (upgrades.address() as AddressInfo).port;
    try {
      assert.equal(manager.upgradeOptions().secureContext, manager.upgradeOptions().secureContext);
      assert.equal(await peerNames(upgradePort), 'DNS:mail.uno.test');
      assert.match(await peerNames(upgradePort, 'imap.dos.test'), /^DNS:\*\.dos\.test, /);
      const before = manager.upgradeOptions().secureContext;
      await writePair(dir, 'default', ['mail.uno.test', 'renovado.uno.test']);
      manager.reload();
      assert.notEqual(manager.upgradeOptions().secureContext, before);
      assert.equal(await peerNames(upgradePort), 'DNS:mail.uno.test, DNS:renovado.uno.test');
    } finally {
      upgrades.close();
    }
  });

  it('generates a self-signed certificate once and reuses it', async () => {
    const tlsDir = join(dir, 'data', 'tls');
    const first = await TlsManager.selfSigned(tlsDir, 'mail.example.test', silentLogger);
    const second = await TlsManager.selfSigned(tlsDir, 'mail.example.test', silentLogger);
    assert.deepEqual(first.describe()[0]!.hostNames, ['mail.example.test', 'localhost']);
    assert.deepEqual(second.describe(), first.describe());
  });
});
