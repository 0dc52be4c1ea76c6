// RFC 4978 COMPRESS=DEFLATE on the wire: a raw client that deflates what it sends and inflates
// what it reads after the tagged OK; refusals before and after; a client sending bytes that are
// not deflate is disconnected without harm to the server.
import assert from 'node:assert/strict';
import { constants, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

/** A compressed channel over a RawClient's socket, after COMPRESS succeeded. */
function compressedChannel(client: RawClient) {
  const deflate = createDeflateRaw();
  const inflate = createInflateRaw();
  let text = '';
  let wake: (() => void) | null = null;
  client.socket.removeAllListeners('data');
  client.socket.on('data', (chunk: Buffer) => inflate.write(chunk));
  inflate.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    wake?.();
  });
  deflate.on('data', (chunk: Buffer) => client.socket.write(chunk));
  const channel = {
    /** Sends a line as a client does: compressed, then a sync flush. */
    send(line: string): void {
      deflate.write(`${line}\r\n`);
      deflate.flush(constants.Z_SYNC_FLUSH);
    },
    async command(tag: string, line: string): Promise<string> {
      channel.send(`${tag} ${line}`);
      return channel.until(new RegExp(`(^|\\n)${tag} (OK|NO|BAD)[^\\n]*\\n`));
    },
    /** Everything received until `done` matches it. */
    async until(done: RegExp): Promise<string> {
      while (!done.test(text)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`no ${String(done)}; got ${JSON.stringify(text)}`));
          }, 5000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const reply = text;
      text = '';
      return reply;
    },
  };
  return channel;
}

describe('COMPRESS=DEFLATE (RFC 4978)', () => {
  let h: ImapHarness;
  before(async () => {
    h = await startImap();
    const id = await h.addUser('ana@example.test');
    await h.deliver(id, 'From: bob@example.test\nSubject: Hola\n\nTexto\n');
  });
  after(() => h.stop());

  it('is refused before login, unknown mechanisms are BAD, and a second COMPRESS is NO', async () => {
    const client = await RawClient.open(h.ports.imap);
    try {
      await client.readUntil(/\r\n/);
      assert.match(await client.command('a0', 'COMPRESS DEFLATE'), /a0 BAD Log in first/);
      await client.command('a1', `LOGIN ana@example.test ${password}`);
      assert.match(await client.command('a2', 'COMPRESS LZW'), /a2 BAD Unknown compression mechanism LZW/);
      assert.match(await client.command('a3', 'COMPRESS DEFLATE'), /a3 OK DEFLATE active/);
      const channel = compressedChannel(client);
      const selected = await channel.command('a4', 'SELECT INBOX');
      assert.match(selected, /\* 1 EXISTS\r\n/);
      assert.match(selected, /a4 OK \[READ-WRITE\] SELECT completed/);
      const fetched = await channel.command('a5', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]');
      assert.match(fetched, /Subject: Hola/);
      assert.match(await channel.command('a6', 'COMPRESS DEFLATE'), /a6 NO \[COMPRESSIONACTIVE\]/);
      assert.match(await channel.command('a7', 'LOGOUT'), /\* BYE/);
    } finally {
      client.close();
    }
  });

  it('keeps both directions intact across an IDLE that parks the zlib streams', async () => {
    const client = await RawClient.open(h.ports.imap);
    try {
      await client.readUntil(/\r\n/);
      await client.command('a1', `LOGIN ana@example.test ${password}`);
      await client.command('a2', 'COMPRESS DEFLATE');
      const channel = compressedChannel(client);
      assert.match(await channel.command('a3', 'SELECT INBOX'), /a3 OK/);
      channel.send('a4 IDLE');
      await channel.until(/\+ idling\r\n/);
      // Delivered while parked: the server deflates again from a fresh stream.
      const account = await h.store.accounts.getByAddress('ana@example.test');
      await h.deliver(account?.id ?? 0, 'From: bob@example.test\nSubject: Otra\n\nTexto\n');
      assert.match(await channel.until(/\* \d+ EXISTS\r\n/), /EXISTS/);
      channel.send('DONE');
      assert.match(await channel.until(/a4 OK[^\n]*\n/), /a4 OK IDLE terminated/);
      // The client's deflater refers back to text sent before the IDLE ("SELECT INBOX").
      assert.match(await channel.command('a5', 'SELECT INBOX'), /a5 OK \[READ-WRITE\]/);
      channel.send('a6 IDLE');
      await channel.until(/\+ idling\r\n/);
      channel.send('DONE');
      assert.match(await channel.until(/a6 OK[^\n]*\n/), /a6 OK IDLE terminated/);
      assert.match(await channel.command('a7', 'FETCH 1:* (FLAGS)'), /a7 OK/);
    } finally {
      client.close();
    }
  });

  it('disconnects a client whose compressed stream is corrupt (deflate-garbage)', async () => {
    const client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    await client.command('a1', `LOGIN ana@example.test ${password}`);
    await client.command('a2', 'COMPRESS DEFLATE');
    client.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]));
    assert.equal(await client.waitClosed(), true);
    // The server still serves others.
    const other = await RawClient.open(h.ports.imap);
    assert.match(await other.readUntil(/\r\n/), /\* OK/);
    other.close();
  });
});
