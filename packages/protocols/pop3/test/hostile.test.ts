// Hostile input, each test named after the attack: the server answers -ERR or closes the
// connection cleanly, never crashes, and keeps serving other clients.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { RawClient, startPop3, type Pop3Harness } from './harness.js';

describe('POP3 under hostile input', () => {
  let h: Pop3Harness;
  let accountId: number;
  before(async () => {
    h = await startPop3({ maxBadCommands: 5 });
    accountId = await h.addUser('ana@example.test');
    await h.deliver(accountId, 'Subject: uno\r\n\r\nprimero\r\n');
    // Large enough to be in flight when the client leaves (several socket buffers).
    const big = `Subject: grande\r\n\r\n${`${'y'.repeat(998)}\r\n`.repeat(8000)}`;
    await h.deliver(accountId, big);
  });
  after(() => h.stop());

  /** Another client can still log in, list and leave: the server is alive and no lock is stuck. */
  async function assertAlive(): Promise<void> {
    const client = await RawClient.greeted(h.ports.pop3);
    assert.match(await client.logIn(), /^\+OK maildrop has 2 messages/);
    assert.equal(await client.command('STAT'), `+OK 2 ${(await sizes()).reduce((a, b) => a + b, 0)}`);
    assert.match(await client.command('QUIT'), /^\+OK/);
    assert.equal(await client.waitClosed(), true);
  }

  async function sizes(): Promise<number[]> {
    const inbox = await h.inboxOf(accountId);
    const entries = await h.mail.messages.list(accountId, inbox.id);
    const stored = await h.mail.messages.get(
      accountId,
      entries.map((entry) => entry.messageId),
    );
    return stored.map((message) => message.size);
  }

  it('an overlong command line gets -ERR and the session goes on', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.command(`USER ${'a'.repeat(300)}`), '-ERR Line too long');
    assert.equal(await client.command(`NOOP ${'x'.repeat(100_000)}`), '-ERR Line too long');
    assert.match(await client.command('CAPA'), /^\+OK/);
    client.close();
    await assertAlive();
  });

  it('a megabyte without a line break is dropped, not buffered', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    client.write('X'.repeat(1024 * 1024));
    client.write('\r\nCAPA\r\n');
    const [refusal, capa] = await client.lines(2);
    assert.equal(refusal, '-ERR Line too long');
    assert.match(capa ?? '', /^\+OK Capability list follows/);
    client.close();
  });

  it('NUL bytes in commands get -ERR', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(
      await client.command('US\0ER ana@example.test'),
      '-ERR NUL bytes are not allowed in commands',
    );
    assert.equal(
      await client.command('USER ana\0@example.test'),
      '-ERR NUL bytes are not allowed in commands',
    );
    assert.equal(await client.command('USER ana@example.test'), '+OK Send your password');
    client.close();
  });

  it('8-bit garbage lines get -ERR and the session goes on', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    client.write(Buffer.from([0xff, 0xfe, 0x80, 0x20, 0xc3, 0x28, 0x0d, 0x0a]));
    assert.deepEqual(await client.lines(1), ['-ERR Unknown command']);
    assert.equal(await client.command('USER \xc3\xb1and\xfa@example.test'), '+OK Send your password');
    assert.equal(await client.command('PASS \xff\xfe'), '-ERR [AUTH] Authentication failed');
    client.close();
    await assertAlive();
  });

  it('repeated bad commands close the connection', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    client.write('FOO\r\nBAR\r\nBAZ\r\nQUUX\r\nXYZZY\r\nCAPA\r\n');
    const text = await client.readUntil(/closing the connection\r\n/);
    assert.equal(text.match(/-ERR Unknown command\r\n/g)?.length, 4);
    assert.match(text, /-ERR Unknown command; too many bad commands, closing the connection\r\n$/);
    assert.equal(await client.waitClosed(), true);
  });

  it('commands before authentication are refused, reveal nothing and count as bad', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    for (const command of ['STAT', 'LIST', 'RETR 1', 'TOP 1 0']) {
      assert.equal(await client.command(command), '-ERR Log in first');
    }
    assert.match(await client.command('UIDL'), /^-ERR Log in first; too many bad commands/);
    assert.equal(await client.waitClosed(), true);
  });

  it('1,000 pipelined commands get 1,000 replies in order', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    await client.logIn();
    const commands: string[] = [];
    for (let i = 0; i < 250; i++) commands.push('NOOP', 'STAT', 'LIST 1', `UIDL ${(i % 2) + 1}`);
    client.write(commands.map((command) => `${command}\r\n`).join(''));
    const replies = await client.lines(1000, 10_000);
    const [first] = await sizes();
    const { uidValidity } = await h.inboxOf(accountId);
    for (let i = 0; i < 1000; i += 4) {
      assert.equal(replies[i], '+OK');
      assert.match(replies[i + 1] ?? '', /^\+OK 2 \d+$/);
      assert.equal(replies[i + 2], `+OK 1 ${first}`);
      assert.equal(replies[i + 3], `+OK ${((i / 4) % 2) + 1} ${uidValidity}.${((i / 4) % 2) + 1}`);
    }
    assert.match(await client.command('QUIT'), /^\+OK/);
  });

  it('a client disconnecting mid-RETR leaves the server serving and the lock released', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    await client.logIn();
    client.write('RETR 2\r\n');
    await client.readUntil(/yyyy/);
    client.close();
    await assertAlive();
  });

  it('commands injected after STLS in plaintext are discarded', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    client.write('STLS\r\nUSER ana@example.test\r\nPASS injected\r\n');
    assert.match(await client.readUntil(/\r\n/), /^\+OK Begin TLS negotiation\r\n$/);
    client.socket.removeAllListeners('data');
    const secure = tlsConnect({ socket: client.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve) => secure.once('secureConnect', resolve));
    const tlsClient = new RawClient(secure);
    // Had USER survived, this PASS would be answered; it must ask for USER first.
    assert.equal(await tlsClient.command('PASS S3cret-pass!x'), '-ERR Send USER first');
    assert.equal(await tlsClient.command('STLS'), '-ERR TLS is already active');
    tlsClient.close();
  });

  it('an oversized SASL response is refused without buffering it', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.command('AUTH PLAIN'), '+ ');
    assert.equal(await client.command('A'.repeat(100_000)), '-ERR SASL response too long');
    assert.match(await client.command('CAPA'), /^\+OK/);
    client.close();
  });

  it('a PROXY header from an untrusted peer is just a bad command', async () => {
    const client = await RawClient.greeted(h.ports.pop3);
    assert.equal(await client.command('PROXY TCP4 203.0.113.9 10.0.0.1 5000 110'), '-ERR Unknown command');
    client.close();
  });
});
