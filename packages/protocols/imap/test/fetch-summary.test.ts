// ENVELOPE, BODYSTRUCTURE and BODY come from the summary stored at delivery: a FETCH of the whole
// mailbox reads no message. Messages stored without one (before summaries existed) are parsed
// on their first FETCH, their summaries written back, and later FETCHes read none of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newMessage } from '@chasqui/testkit';
import { SummaryTextCache } from '../src/fetch/summary-cache.js';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

const count = 120;

const raw = (i: number) =>
  [
    `From: "Ana ${i}" <ana${i}@example.test>`,
    'To: luis@example.test, Grupo: a@example.test, b@example.test;',
    `Subject: =?UTF-8?Q?Caf=C3=A9_${i}?=`,
    'Date: Tue, 2 Jan 2024 10:00:00 +0100',
    `Message-ID: <m${i}@example.test>`,
    'Content-Type: multipart/mixed; boundary=b1',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `hola ${i}`,
    '--b1',
    'Content-Type: application/pdf; name=x.pdf',
    'Content-Disposition: attachment; filename=x.pdf',
    'Content-Transfer-Encoding: base64',
    '',
    'AAAA',
    '--b1--',
    '',
  ].join('\r\n');

/** Counts the message bytes read from the store while `work` runs. */
async function blobReads(h: ImapHarness, work: () => Promise<void>): Promise<number> {
  const blobs = h.store.blobs;
  const getMany = blobs.getMany.bind(blobs);
  const get = blobs.get.bind(blobs);
  let reads = 0;
  blobs.getMany = (ids) => {
    reads += ids.length;
    return getMany(ids);
  };
  blobs.get = (id) => {
    reads++;
    return get(id);
  };
  try {
    await work();
  } finally {
    blobs.getMany = getMany;
    blobs.get = get;
  }
  return reads;
}

describe('IMAP FETCH from stored summaries', () => {
  let h: ImapHarness;
  let client: RawClient;
  let accountId: number;
  before(async () => {
    h = await startImap();
    accountId = await h.addUser('ana@example.test');
    for (let i = 0; i < count; i++) await h.deliver(accountId, raw(i));
    // The same messages stored as before summaries existed (no summary with their content).
    const old = await h.store.mailboxes.create(accountId, { name: 'Antiguo' });
    for (let i = 0; i < count; i++) {
      const bytes = new TextEncoder().encode(raw(i).replace('hola', 'chao'));
      await h.store.messages.append(newMessage(accountId, [old.id], { raw: bytes }));
    }
    client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    await client.command('l', `LOGIN ana@example.test ${password}`);
  });
  after(async () => {
    client.close();
    await h.stop();
  });

  it('answers ENVELOPE, BODYSTRUCTURE and BODY of a whole mailbox without reading a message', async () => {
    await client.command('s', 'SELECT INBOX');
    let response = '';
    const reads = await blobReads(h, async () => {
      response = await client.command('a', 'FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)');
    });
    assert.equal(reads, 0);
    assert.equal(response.match(/^\* \d+ FETCH/gm)?.length, count);
    assert.match(
      response,
      /\* 3 FETCH \(ENVELOPE \("Tue, 2 Jan 2024 10:00:00 \+0100" "=\?UTF-8\?Q\?Caf=C3=A9_2\?=" \(\("Ana 2" NIL "ana2" "example.test"\)\)/,
    );
    assert.match(
      response,
      /BODYSTRUCTURE \(\("TEXT" "PLAIN" \("CHARSET" "utf-8"\) NIL NIL "7BIT" 6 1 NIL NIL NIL NIL\) \("APPLICATION" "PDF" \("NAME" "x.pdf"\) NIL NIL "BASE64" 4 NIL \("ATTACHMENT" \("FILENAME" "x.pdf"\)\) NIL NIL\) "MIXED" \("BOUNDARY" "b1"\) NIL NIL NIL\)/,
    );
    assert.match(
      response,
      /BODY \(\("TEXT" "PLAIN" \("CHARSET" "utf-8"\) NIL NIL "7BIT" 6 1\) \("APPLICATION" "PDF" \("NAME" "x.pdf"\) NIL NIL "BASE64" 4\) "MIXED"\)\)/,
    );
    // Sections still read the message; summary items come along unchanged.
    const mixed = await client.command('b', 'FETCH 3 (ENVELOPE BODY.PEEK[1] RFC822.HEADER)');
    assert.match(mixed, /ENVELOPE \("Tue, 2 Jan 2024 10:00:00 \+0100" "=\?UTF-8\?Q\?Caf=C3=A9_2\?="/);
    assert.match(
      mixed,
      /BODY\[1\] \{6\}\r\nhola 2 RFC822\.HEADER \{\d+\}\r\nFrom: "Ana 2"[^]*boundary=b1\r\n\r\n\)/,
    );
  });

  it('computes missing summaries on the first FETCH, stores them, and reads no message after', async () => {
    await client.command('e', 'EXAMINE INBOX');
    const inbox = await client.command('f', 'FETCH 1:* (BODYSTRUCTURE ENVELOPE)');
    await client.command('s', 'SELECT Antiguo');
    let first = '';
    const firstReads = await blobReads(h, async () => {
      first = await client.command('f', 'FETCH 1:* (BODYSTRUCTURE ENVELOPE)');
    });
    assert.equal(firstReads, count, 'each message read once');
    let second = '';
    const secondReads = await blobReads(h, async () => {
      second = await client.command('f', 'FETCH 1:* (BODYSTRUCTURE ENVELOPE)');
    });
    assert.equal(secondReads, 0);
    assert.equal(second, first);
    const old = await h.store.mailboxes.getByName(accountId, 'Antiguo');
    const ids = (await h.store.messages.listMailbox(old?.id ?? 0)).map((entry) => entry.messageId);
    const stored = await h.store.messages.getSummaries(accountId, ids);
    assert.equal(stored.filter((row) => row.summary !== null).length, count, 'written back');
    // The same answer as for the summaries computed at delivery (the bodies differ, not their sizes).
    assert.ok(first === inbox, 'backfilled summaries equal those stored at delivery');
  });

  it('keeps UTF-8 and ASCII sessions apart: 8-bit text is quoted for one, a literal for the other', async () => {
    const subject = 'Reunión de coordinación';
    await h.store.mailboxes.create(accountId, { name: 'Utf8' });
    await h.deliver(accountId, `From: ana@example.test\r\nSubject: ${subject}\r\n\r\nhola\r\n`, 'Utf8');
    await client.command('s', 'SELECT Utf8');
    const ascii = await client.command('a', 'FETCH 1 (ENVELOPE)');
    // The client reads bytes as Latin-1: 25 octets of UTF-8.
    assert.match(ascii, /ENVELOPE \(NIL \{25\}\r\nReuniÃ³n de coordinaciÃ³n \(\(NIL NIL "ana"/);
    const utf8 = await RawClient.open(h.ports.imap);
    await utf8.readUntil(/\r\n/);
    await utf8.command('l', `LOGIN ana@example.test ${password}`);
    await utf8.command('e', 'ENABLE UTF8=ACCEPT');
    await utf8.command('s', 'SELECT Utf8');
    assert.match(
      await utf8.command('a', 'FETCH 1 (ENVELOPE)'),
      /ENVELOPE \(NIL "ReuniÃ³n de coordinaciÃ³n" /,
    );
    assert.equal(await client.command('b', 'FETCH 1 (ENVELOPE)'), ascii.replace(/^a /m, 'b '));
    utf8.close();
  });

  it('evicts the least recently used texts beyond its byte budget', () => {
    const cache = new SummaryTextCache(4000);
    for (let id = 1; id <= 20; id++) {
      cache.set(id, 'ENVELOPE', false, 'x'.repeat(200));
      cache.get(1, 'ENVELOPE', false);
      assert.ok(cache.bytes <= 4000);
    }
    assert.ok(cache.has(1, 'ENVELOPE', false), 'recently used is kept');
    assert.ok(cache.has(20, 'ENVELOPE', false));
    assert.ok(!cache.has(2, 'ENVELOPE', false), 'least recently used is gone');
    assert.ok(!cache.has(1, 'ENVELOPE', true), 'the UTF-8 text is another entry');
  });

  it('holds the texts of 100,000 messages by default, so a second pass finds them all', () => {
    const cache = new SummaryTextCache();
    const text = '("Mon, 1 Jan 2026 10:00:00 +0000" "Asunto" ' + 'x'.repeat(500) + ')';
    for (let pass = 0; pass < 2; pass++) {
      let misses = 0;
      for (let id = 1; id <= 100_000; id++) {
        if (cache.get(id, 'ENVELOPE', false) === undefined) {
          misses++;
          cache.set(id, 'ENVELOPE', false, text);
        }
      }
      assert.equal(misses, pass === 0 ? 100_000 : 0);
    }
    assert.ok(cache.bytes <= cache.maxBytes);
  });

  it('counts text with characters beyond Latin-1 at two bytes each', () => {
    const cache = new SummaryTextCache(1_000_000);
    cache.set(1, 'ENVELOPE', true, 'ñ'.repeat(100));
    const oneByte = cache.bytes;
    cache.set(2, 'ENVELOPE', true, '€'.repeat(100));
    assert.equal(cache.bytes - oneByte, oneByte + 100);
  });
});
