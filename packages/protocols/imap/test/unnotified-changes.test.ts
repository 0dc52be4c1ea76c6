// RFC 9051 §7.5 updates without the notifier: a session reads the change log only when a change
// was announced or the mailbox's HIGHESTMODSEQ moved, and a writer that does not notify this
// process (another worker before its notice arrives, a CLI) is still seen at the next command.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SystemFlag } from '@chasqui/core';
import { password, RawClient, startImap, type ImapHarness } from './harness.js';

describe('IMAP updates from writers that do not notify', () => {
  let h: ImapHarness;
  let client: RawClient;
  let accountId = 0;
  let changeLogReads = 0;

  before(async () => {
    h = await startImap();
    accountId = await h.addUser('ana@example.test');
    for (let i = 1; i <= 3; i++) {
      await h.deliver(accountId, `From: luis@example.test\r\nSubject: ${i}\r\n\r\nhola ${i}\r\n`);
    }
    const changes = h.store.changes;
    const since = changes.since.bind(changes);
    changes.since = (...args) => {
      changeLogReads++;
      return since(...args);
    };
    client = await RawClient.open(h.ports.imap);
    await client.readUntil(/\r\n/);
    await client.command('l', `LOGIN ana@example.test ${password}`);
    await client.command('s', 'SELECT INBOX');
  });

  after(async () => {
    client.close();
    await h.stop();
  });

  it('reads no change log while nothing changes', async () => {
    const before = changeLogReads;
    for (let i = 0; i < 3; i++) assert.match(await client.command('n', 'NOOP'), /^n OK/m);
    assert.match(await client.command('f', 'FETCH 1 (FLAGS BODY.PEEK[])'), /hola 1/);
    assert.equal(changeLogReads, before);
  });

  it('sees flags changed straight in the store at the next command', async () => {
    const inbox = await h.store.mailboxes.getByName(accountId, 'INBOX');
    const [first] = await h.store.messages.listMailbox(inbox?.id ?? 0);
    await h.store.messages.setFlags(accountId, [first?.messageId ?? 0], {
      add: { flags: SystemFlag.flagged },
    });
    assert.match(await client.command('n', 'NOOP'), /^\* 1 FETCH \(UID \d+ FLAGS \(\\Flagged\)\)$/m);
  });

  it('sees an expunge made straight in the store at the next command', async () => {
    const inbox = await h.store.mailboxes.getByName(accountId, 'INBOX');
    const entries = await h.store.messages.listMailbox(inbox?.id ?? 0);
    await h.store.messages.expunge(inbox?.id ?? 0, [entries[1]?.uid ?? 0]);
    assert.match(await client.command('n', 'NOOP'), /^\* 2 EXPUNGE$/m);
    assert.match(await client.command('f', 'FETCH 2 (BODY.PEEK[])'), /hola 3/);
  });
});
