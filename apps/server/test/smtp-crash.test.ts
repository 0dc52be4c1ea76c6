// Durability of the SMTP 250: a burst of mail, the server SIGKILLed in the middle, and every
// message that got its 250 must be in the mailbox after the restart, with nothing half-written.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { silentLogger, systemClock } from '@chasqui/core';
import { openStore } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';
import { killLeftoverServers, startServe } from './cli-harness.js';

after(killLeftoverServers);

async function sender(port: number, acknowledged: string[], stop: { now: boolean }): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  while (!stop.now) {
    const messageId = `<${randomBytes(8).toString('hex')}@crash.test>`;
    try {
      await transport.sendMail({
        from: 'carga@outside.test',
        to: 'admin@example.test',
        subject: 'ráfaga',
        messageId,
        text: 'x'.repeat(3000),
      });
      acknowledged.push(messageId);
    } catch {
      return; // the server died under us: what was not acknowledged may be lost
    }
  }
}

describe('SMTP durability', () => {
  it('keeps every message acknowledged with 250 across a SIGKILL', async () => {
    const dir = makeTempDir('chasqui-smtp-crash-');
    const data = join(dir.path, 'data');
    const server = await startServe(data, { CHASQUI_ADMIN_PASSWORD: 'Clave-De-Prueba-2026' });
    const acknowledged: string[] = [];
    const stop = { now: false };
    const senders = Array.from({ length: 8 }, () => sender(server.ports['smtp'] ?? 0, acknowledged, stop));
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGKILL');
    stop.now = true;
    await Promise.all(senders);

    const store = await openStore(
      { backend: 'sqlite', dataDir: data },
      { clock: systemClock, logger: silentLogger },
    );
    try {
      const report = await store.recover({ graceMs: 0 });
      assert.deepEqual(report.missingBlobFiles, []);
      const account = await store.accounts.getByAddress('admin@example.test');
      assert.ok(account);
      const inbox = await store.mailboxes.getByRole(account.id, 'inbox');
      assert.ok(inbox);
      const entries = await store.messages.listMailbox(inbox.id);
      const stored = await store.messages.getMany(
        account.id,
        entries.map((e) => e.messageId),
      );
      const ids = new Set(stored.map((m) => m.messageIdHeader));
      const lost = acknowledged.filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged messages lost`);
      const recount = await store.accounts.recountQuota(account.id);
      const after = await store.accounts.getById(account.id);
      assert.equal(after?.usedBytes, recount.usedBytes);
      assert.equal(after?.messageCount, recount.messageCount);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
