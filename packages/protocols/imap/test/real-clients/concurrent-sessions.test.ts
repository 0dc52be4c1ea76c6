// Two real clients on one mailbox at once (RFC 9051 §7.5 unsolicited updates, RFC 7162 §3.2.10
// VANISHED): flags stored by one session reach an IDLE session of the other as FETCH, expunges
// as EXPUNGE or VANISHED, each within one second. imapflow watches; imapflow or Python's
// imaplib writes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { missingTool } from '@chasqui/testkit';
import { password, startImap, type ImapHarness } from '../harness.js';

interface FlagsEvent {
  readonly uid?: number;
  readonly seq: number;
  readonly flags: Set<string>;
}
interface ExpungeEvent {
  readonly seq?: number;
  readonly uid?: number;
  readonly vanished: boolean;
}

/** Rejects when `promise` has not settled within `ms` (the 1-second promise of IDLE). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no ${what} within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

function nextEvent<T>(
  client: ImapFlow,
  name: 'flags' | 'expunge',
  accept: (event: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (event: T) => {
      if (!accept(event)) return;
      client.off(name, listener);
      resolve(event);
    };
    client.on(name, listener);
  });
}

/** Starts IDLE and resolves once the server has answered "+ idling". */
async function startIdle(client: ImapFlow): Promise<void> {
  void client.idle();
  while (!(client as unknown as { idling: boolean }).idling) {
    await new Promise((resolve) => {
      setImmediate(resolve);
    });
  }
}

describe('two real clients on one mailbox', () => {
  let h: ImapHarness;
  const clients: ImapFlow[] = [];

  beforeEach(async () => {
    h = await startImap({ allowPlaintextAuth: false });
    const accountId = await h.addUser('ana@example.test');
    for (const n of [1, 2, 3]) {
      await h.deliver(
        accountId,
        `From: bob@example.test\nSubject: Mensaje ${n}\nMessage-ID: <c${n}@x>\n\n${n}\n`,
      );
    }
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.logout().catch(() => undefined);
    await h.stop();
  });

  async function open(qresync = false): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: h.ports.imaps,
      secure: true,
      auth: { user: 'ana@example.test', pass: password },
      tls: { rejectUnauthorized: false },
      logger: false,
      qresync,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    clients.push(client);
    return client;
  }

  it('shows flags stored by one session as an unsolicited FETCH in an IDLE session', async () => {
    const watcher = await open();
    const writer = await open();
    await startIdle(watcher);
    const seen = nextEvent<FlagsEvent>(watcher, 'flags', (event) => event.flags.has('\\Flagged'));
    await writer.messageFlagsAdd('2', ['\\Flagged']);
    const event = await within(seen, 1000, 'FETCH FLAGS');
    assert.equal(event.seq, 2);
    assert.equal(event.uid, 2);
  });

  it('announces an expunge as EXPUNGE, and as VANISHED to a QRESYNC session', async () => {
    const plain = await open();
    const qresync = await open(true);
    const writer = await open();
    await startIdle(plain);
    await startIdle(qresync);
    const expunged = nextEvent<ExpungeEvent>(plain, 'expunge', () => true);
    const vanished = nextEvent<ExpungeEvent>(qresync, 'expunge', () => true);
    assert.equal(await writer.messageDelete('1'), true);
    const [byNumber, byUid] = await within(Promise.all([expunged, vanished]), 1000, 'EXPUNGE/VANISHED');
    assert.deepEqual([byNumber.seq, byNumber.vanished], [1, false]);
    assert.deepEqual([byUid.uid, byUid.vanished], [1, true]);
  });

  it('tells an IDLE session of a new message within one second', async () => {
    const watcher = await open();
    const writer = await open();
    await startIdle(watcher);
    const exists = new Promise<number>((resolve) => {
      watcher.once('exists', (data: { count: number }) => {
        resolve(data.count);
      });
    });
    await writer.append('INBOX', 'Subject: nuevo\r\n\r\nHola\r\n', ['\\Seen']);
    assert.equal(await within(exists, 1000, 'EXISTS'), 4);
  });

  it('sees flags and an expunge made by Python imaplib', { skip: missingTool('python3') }, async () => {
    const watcher = await open();
    await startIdle(watcher);
    const flagged = nextEvent<FlagsEvent>(watcher, 'flags', (event) => event.flags.has('\\Deleted'));
    const expunged = nextEvent<ExpungeEvent>(watcher, 'expunge', () => true);
    const script = [
      'import imaplib, ssl',
      'ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE',
      `m = imaplib.IMAP4_SSL('127.0.0.1', ${h.ports.imaps}, ssl_context=ctx)`,
      `m.login('ana@example.test', '${password}')`,
      "m.select('INBOX')",
      "m.store('3', '+FLAGS', '\\\\Deleted')",
      'import sys; sys.stdin.readline()',
      'print(m.expunge()[1][0].decode())',
      'm.logout()',
    ].join('\n');
    const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const event = await within(flagged, 5000, 'FETCH FLAGS from imaplib');
    assert.equal(event.seq, 3);
    child.stdin.end('go\n');
    assert.equal(await exited, 0, stderr);
    assert.equal(stdout.trim(), '3');
    const gone = await within(expunged, 1000, 'EXPUNGE from imaplib');
    assert.equal(gone.seq, 3);
  });
});
