// ENVELOPE and BODYSTRUCTURE are cached by message id: a second FETCH answers the same bytes
// without reading or parsing the messages again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StructureCache, structureCacheFor } from '../src/fetch/structure-cache.js';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

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
  ].join('\n');

describe('IMAP FETCH structure cache', () => {
  let h: ImapHarness;
  before(async () => {
    h = await startImap();
    const id = await h.addUser('ana@example.test');
    for (let i = 0; i < 120; i++) await h.deliver(id, raw(i));
  });
  after(() => h.stop());

  it('answers a second FETCH identically without reading the messages', async () => {
    const reads: number[] = [];
    const messages = h.mail.messages;
    const readMany = messages.readMany.bind(messages);
    messages.readMany = (actorId, ids, mailboxId) => {
      reads.push(ids.length);
      return readMany(actorId, ids, mailboxId);
    };
    try {
      const client = await RawClient.open(h.ports.imap);
      await client.readUntil(/\r\n/);
      await client.command('l', `LOGIN ana@example.test ${password}`);
      await client.command('s', 'SELECT INBOX');
      const cache = structureCacheFor(h.mail);
      const first = await client.command('a', 'FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)');
      assert.equal(first.match(/^\* \d+ FETCH/gm)?.length, 120);
      assert.equal(
        reads.reduce((a, b) => a + b, 0),
        120,
      );
      const stored = cache.stores;
      reads.length = 0;
      const second = await client.command('a', 'FETCH 1:* (ENVELOPE BODYSTRUCTURE BODY)');
      assert.equal(second, first);
      assert.deepEqual(reads, [], 'no message read the second time');
      assert.equal(cache.stores, stored, 'nothing computed again');
      // Sections still read the message; cached items come along unchanged.
      const mixed = await client.command('b', 'FETCH 3 (ENVELOPE BODY.PEEK[1])');
      assert.match(mixed, /ENVELOPE \("Tue, 2 Jan 2024 10:00:00 \+0100" "=\?UTF-8\?Q\?Caf=C3=A9_2\?="/);
      assert.match(mixed, /BODY\[1\] \{6\}\r\nhola 2\)/);
      client.close();
    } finally {
      messages.readMany = readMany;
    }
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new StructureCache(4000);
    const value = ['x'.repeat(200), null, ['a', 'b']];
    for (let id = 1; id <= 20; id++) {
      cache.set(id, 'ENVELOPE', value);
      cache.get(1, 'ENVELOPE');
    }
    assert.ok(cache.bytes <= 4000);
    assert.ok(cache.has(1, 'ENVELOPE'), 'recently used is kept');
    assert.ok(cache.has(20, 'ENVELOPE'));
    assert.ok(!cache.has(2, 'ENVELOPE'), 'least recently used is gone');
    assert.ok(!cache.has(1, 'BODYSTRUCTURE'));
  });
});
