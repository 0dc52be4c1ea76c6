// RFC 2177 IDLE as parked commands: changes reach every idling session, sessions idling on one
// mailbox share one change-log read, DONE (or anything else) ends the command, and the
// inactivity deadline still logs an idle session out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

async function idling(h: ImapHarness): Promise<RawClient> {
  const client = await RawClient.open(h.ports.imap);
  await client.readUntil(/\r\n/);
  await client.command('l', `LOGIN ana@example.test ${password}`);
  await client.command('s', 'SELECT INBOX');
  client.write('i IDLE\r\n');
  await client.readUntil(/^\+ idling\r\n/m);
  return client;
}

describe('IMAP IDLE', () => {
  let h: ImapHarness;
  let accountId = 0;
  let changeLogReads = 0;

  before(async () => {
    h = await startImap();
    accountId = await h.addUser('ana@example.test');
    const changes = h.store.changes;
    const since = changes.since.bind(changes);
    changes.since = (...args) => {
      changeLogReads++;
      return since(...args);
    };
  });

  after(async () => {
    await h.stop();
  });

  it('tells every idling session, reading the change log once for all', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => idling(h)));
    try {
      const before = changeLogReads;
      await h.deliver(accountId, 'From: luis@example.test\r\nSubject: 1\r\n\r\nhola\r\n');
      for (const client of clients) assert.match(await client.readUntil(/\* 1 EXISTS\r\n/), /\* 1 EXISTS/);
      assert.equal(changeLogReads - before, 1);
      for (const client of clients) {
        client.write('DONE\r\n');
        assert.match(await client.readUntil(/^i (OK|BAD)[^\n]*\n/m), /^i OK IDLE terminated/m);
      }
      // The session reads commands again after DONE.
      assert.match((await clients[0]?.command('n', 'NOOP')) ?? '', /^n OK/m);
    } finally {
      for (const client of clients) client.close();
    }
  });

  it('answers BAD to a line other than DONE, and goes on', async () => {
    const client = await idling(h);
    try {
      client.write('STOP\r\n');
      assert.match(await client.readUntil(/^i (OK|BAD)[^\n]*\n/m), /^i BAD .*Expected DONE/m);
      assert.match(await client.command('n', 'NOOP'), /^n OK/m);
    } finally {
      client.close();
    }
  });

  it('logs out a session idle for longer than the inactivity timeout', async () => {
    const short = await startImap({ idleTimeoutMs: 300 });
    await short.addUser('ana@example.test');
    const client = await idling(short);
    try {
      assert.match(await client.readUntil(/BYE[^\n]*\n/, 3000), /\* BYE Autologout/);
      assert.equal(await client.waitClosed(3000), true);
    } finally {
      client.close();
      await short.stop();
    }
  });
});
