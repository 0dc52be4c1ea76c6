// Hostile input, each test named after the attack: the server answers BAD/NO or closes the
// connection cleanly, and keeps serving other clients.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

describe('IMAP under hostile input', () => {
  let h: ImapHarness;
  before(async () => {
    h = await startImap({ maxClients: 5, maxMessageBytes: 1024 * 1024 });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  async function loggedIn(): Promise<RawClient> {
    const client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    assert.match(await client.command('l', `LOGIN ana@example.test ${password}`), /l OK/);
    return client;
  }

  async function assertAlive(): Promise<void> {
    const client = await loggedIn();
    assert.match(await client.command('z', 'NOOP'), /z OK NOOP completed/);
    client.close();
  }

  it('unbalanced parentheses get BAD', async () => {
    const client = await loggedIn();
    await client.command('s', 'SELECT INBOX');
    assert.match(await client.command('a1', 'FETCH 1:* (FLAGS (UID'), /a1 BAD .*parenthes/i);
    assert.match(await client.command('a2', 'FETCH 1:* FLAGS)'), /a2 BAD .*parenthes/i);
    assert.match(await client.command('a3', 'NOOP'), /a3 OK/);
    client.close();
  });

  it('a huge literal announcement before login is refused without waiting for the data', async () => {
    const client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    assert.match(await client.command('a1', 'LOGIN {99999999999}'), /a1 (NO|BAD) \[TOOBIG\]/);
    assert.match(await client.command('a2', 'CAPABILITY'), /a2 OK/);
    client.close();
  });

  it('a huge non-synchronising literal after login closes the connection', async () => {
    const client = await loggedIn();
    client.write('a1 APPEND INBOX {99999999999+}\r\nxxxx');
    const text = await client.readUntil(/BYE/);
    assert.match(text, /a1 BAD \[TOOBIG\]/);
    assert.equal(await client.waitClosed(), true);
    await assertAlive();
  });

  it('a million-item sequence set gets BAD, or a clean disconnect past the line budget', async () => {
    const client = await loggedIn();
    await client.command('s', 'SELECT INBOX');
    // 200,000 short items fit the line limit and hit the sequence-set item cap.
    const many = Array.from({ length: 200_000 }, () => '1').join(',');
    assert.match(await client.command('a1', `FETCH ${many} FLAGS`), /a1 BAD .*sequence/i);
    assert.match(await client.command('a2', 'NOOP'), /a2 OK/);
    // A million distinct items make a 7 MB line: refused, then the connection is closed.
    const items = Array.from({ length: 1_000_000 }, (_, i) => String(i * 2 + 1)).join(',');
    client.write(`a3 FETCH ${items} FLAGS\r\n`);
    const text = await client.readUntil(/a3 (BAD|NO)[^\n]*\n/, 10_000);
    assert.match(text, /a3 BAD \[TOOBIG\]/);
    client.write('a4 NOOP\r\n');
    const rest = await client.readUntil(/a4 OK|BYE/, 10_000);
    if (rest.includes('BYE')) assert.equal(await client.waitClosed(), true);
    client.close();
    await assertAlive();
  });

  it('8-bit garbage lines get BAD and the session goes on', async () => {
    const client = await loggedIn();
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x20, 0xc3, 0x28, 0x0d, 0x0a]);
    client.write(garbage);
    client.write(Buffer.concat([Buffer.from('a1 '), garbage]));
    client.write(Buffer.from('a2 LOGIN \xff\xfe \x00\r\n', 'latin1'));
    const text = await client.readUntil(/a2 (OK|NO|BAD)[^\n]*\n/);
    assert.match(text, /BAD/);
    assert.match(await client.command('a3', 'NOOP'), /a3 OK/);
    client.close();
  });

  it('a client stopping mid-literal leaves nothing behind', async () => {
    const client = await loggedIn();
    client.write('a1 APPEND INBOX {100}\r\n');
    await client.readUntil(/^\+ /m);
    client.write('Subject: x\r\n');
    client.close();
    const account = await h.store.accounts.getByAddress('ana@example.test');
    const inbox = await h.mail.mailboxes.require(account!.id, 'INBOX');
    assert.equal((await h.mail.mailboxes.status(account!.id, inbox.id)).messages, 0);
    await assertAlive();
  });

  it('commands injected after STARTTLS in plaintext are discarded', async () => {
    const client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    client.write('a1 STARTTLS\r\na2 CAPABILITY\r\n');
    assert.match(await client.readUntil(/a1 OK[^\n]*\n/), /a1 OK Begin TLS/);
    client.socket.removeAllListeners('data');
    const secure = tlsConnect({ socket: client.socket, rejectUnauthorized: false });
    await new Promise<void>((resolve) =>
      secure.once('secureConnect', () => {
        resolve();
      }),
    );
    let received = '';
    secure.on('data', (chunk: Buffer) => (received += chunk.toString()));
    secure.write('a3 NOOP\r\n');
    while (!received.includes('a3 OK')) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.doesNotMatch(received, /a2/);
    secure.destroy();
  });

  it('connections beyond the limit are greeted with BYE', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => RawClient.open(h.ports.imap)));
    for (const client of clients) await client.readUntil(/\r\n/);
    const extra = await RawClient.open(h.ports.imap);
    assert.match(await extra.readUntil(/\r\n/), /^\* BYE Too many connections/);
    for (const client of [...clients, extra]) client.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});

describe('IMAP login before TLS', () => {
  let h: ImapHarness;
  before(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  it('advertises LOGINDISABLED and refuses LOGIN and AUTHENTICATE in plaintext', async () => {
    const client = await RawClient.open(h.ports.imap);
    assert.match(await client.readUntil(/\r\n/), /LOGINDISABLED/);
    assert.match(
      await client.command('a1', `LOGIN ana@example.test ${password}`),
      /a1 NO \[PRIVACYREQUIRED\]/,
    );
    assert.match(await client.command('a2', 'AUTHENTICATE PLAIN AGFuYQB4'), /a2 NO \[PRIVACYREQUIRED\]/);
    client.close();
  });
});
