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
  return {
    async command(tag: string, line: string): Promise<string> {
      deflate.write(`${tag} ${line}\r\n`);
      deflate.flush(constants.Z_SYNC_FLUSH);
      const done = new RegExp(`(^|\\n)${tag} (OK|NO|BAD)[^\\n]*\\n`);
      while (!done.test(text)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`no reply to ${tag}; got ${JSON.stringify(text)}`));
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
