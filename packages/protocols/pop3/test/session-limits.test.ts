// Admission and limits: the exclusive maildrop lock ([IN-USE]), LOGIN-DELAY, the brute-force
// limiter ([AUTH]), disabled accounts ([SYS/PERM]), connection limits, the autologout timers
// (RFC 1939 §3: no UPDATE on timeout) and server shutdown.
import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, it } from 'node:test';
import { ManualClock } from '@chasqui/core';
import { MemoryAuthLimiter } from '@chasqui/directory';
import { RawClient, startPop3, type HarnessOptions, type Pop3Harness } from './harness.js';

describe('POP3 admission and limits', () => {
  const running = new Set<Pop3Harness>();
  afterEach(async () => {
    for (const server of running) await server.stop();
    running.clear();
  });

  async function started(options: HarnessOptions = {}): Promise<{ h: Pop3Harness; accountId: number }> {
    const h = await startPop3(options);
    running.add(h);
    const accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, 'Subject: uno\r\n\r\nprimero\r\n');
    return { h, accountId };
  }

  async function tlsClient(port: number): Promise<RawClient> {
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    await new Promise<void>((resolve) => socket.once('secureConnect', resolve));
    const client = new RawClient(socket);
    await client.readUntil(/\r\n/);
    return client;
  }

  it('a second session of the account gets -ERR [IN-USE], on either port, until the first ends', async () => {
    const { h } = await started();
    const first = await RawClient.greeted(h.ports.pop3);
    assert.match(await first.logIn(), /^\+OK/);
    const second = await tlsClient(h.ports.pop3s);
    assert.equal(await second.logIn(), '-ERR [IN-USE] Maildrop is in use by another POP3 session');
    first.close();
    await first.waitClosed();
    // The lock goes when the server sees the close; retry until it has.
    let reply = '';
    for (let attempt = 0; attempt < 50 && !reply.startsWith('+OK'); attempt++) {
      reply = await second.logIn();
      if (!reply.startsWith('+OK')) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.match(reply, /^\+OK maildrop has 1 messages/);
    second.close();
  });

  it('without the exclusive lock two sessions run side by side', async () => {
    const { h } = await started({ exclusiveMaildrop: false });
    const first = await RawClient.greeted(h.ports.pop3);
    const second = await RawClient.greeted(h.ports.pop3);
    assert.match(await first.logIn(), /^\+OK/);
    assert.match(await second.logIn(), /^\+OK/);
    assert.equal(await first.command('DELE 1'), '+OK message 1 deleted');
    assert.match(await first.command('QUIT'), /maildrop empty/);
    assert.equal(await second.command('RETR 1'), '-ERR message 1 was removed by another session');
    assert.match(await second.command('QUIT'), /^\+OK/);
    first.close();
    second.close();
  });

  it('LOGIN-DELAY: a login sooner than the delay gets -ERR [LOGIN-DELAY] (RFC 2449 §8.1.2)', async () => {
    const clock = new ManualClock();
    const { h } = await started({ loginDelaySeconds: 60, clock });
    const client = await RawClient.greeted(h.ports.pop3);
    const capa = await client.multiline('CAPA');
    assert.ok(capa.lines.includes('LOGIN-DELAY 60'));
    assert.match(await client.logIn(), /^\+OK/);
    assert.match(await client.command('QUIT'), /^\+OK/);
    clock.advance(30_000);
    const early = await RawClient.greeted(h.ports.pop3);
    assert.equal(await early.logIn(), '-ERR [LOGIN-DELAY] Logged in too recently; wait 30 seconds');
    clock.advance(30_000);
    assert.match(await early.logIn(), /^\+OK/);
    early.close();
  });

  it('password guessing ends in the limiter refusing with -ERR [AUTH] and the wait', async () => {
    const clock = new ManualClock();
    const limiter = new MemoryAuthLimiter({ clock, maxFailuresPerUser: 2, blockMs: 60_000 });
    const { h } = await started({ limiter, clock });
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.logIn('ana@example.test', 'wrong1'), '-ERR [AUTH] Authentication failed');
    assert.equal(await client.logIn('ana@example.test', 'wrong2'), '-ERR [AUTH] Authentication failed');
    assert.match(await client.logIn(), /^-ERR \[AUTH\] Too many failed logins; try again in 60 seconds$/);
    clock.advance(61_000);
    assert.match(await client.logIn(), /^\+OK/);
    client.close();
  });

  it('a disabled account gets -ERR [SYS/PERM]', async () => {
    const { h } = await started();
    await h.directory.updateAccount('ana@example.test', { state: 'disabled' });
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.logIn(), '-ERR [SYS/PERM] Account disabled');
    client.close();
  });

  it('connections beyond maxClients are refused with -ERR [SYS/TEMP]', async () => {
    const { h } = await started({ maxClients: 2 });
    const clients = [await RawClient.greeted(h.ports.pop3), await RawClient.greeted(h.ports.pop3)];
    const extra = await RawClient.open(h.ports.pop3);
    assert.match(await extra.readUntil(/\r\n/), /^-ERR \[SYS\/TEMP\] Too many connections/);
    assert.equal(await extra.waitClosed(), true);
    for (const client of clients) client.close();
  });

  it('a silent client is disconnected before login (pre-auth timeout)', async () => {
    const { h } = await started({ preAuthTimeoutMs: 150 });
    const client = await RawClient.greeted(h.ports.pop3);
    assert.match(await client.readUntil(/\r\n/, 3000), /^-ERR Autologout/);
    assert.equal(await client.waitClosed(), true);
  });

  it('an idle session is logged out without UPDATE (RFC 1939 §3)', async () => {
    const { h, accountId } = await started({ idleTimeoutMs: 200 });
    const client = await RawClient.greeted(h.ports.pop3);
    await client.logIn();
    assert.equal(await client.command('DELE 1'), '+OK message 1 deleted');
    assert.match(await client.readUntil(/\r\n/, 3000), /^-ERR Autologout/);
    assert.equal(await client.waitClosed(), true);
    const inbox = await h.inboxOf(accountId);
    assert.equal((await h.mail.messages.list(accountId, inbox.id)).length, 1, 'nothing expunged');
  });

  it('QUIT before login ends the session without touching the maildrop', async () => {
    const { h } = await started();
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.command('QUIT'), '+OK pop.example.test POP3 server signing off');
    assert.equal(await client.waitClosed(), true);
  });

  it('server shutdown tells connected clients -ERR [SYS/TEMP] and closes them', async () => {
    const { h } = await started();
    const client = await RawClient.greeted(h.ports.pop3);
    await client.logIn();
    running.delete(h);
    const stopping = h.stop();
    assert.match(await client.readUntil(/\r\n/), /^-ERR \[SYS\/TEMP\] Server shutting down/);
    client.close();
    await stopping;
  });
});
