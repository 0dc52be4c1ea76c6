// Hostile and malformed SMTP input, each test named after the attack: the server answers with
// protocol errors or drops the client, stores nothing partial, and keeps serving.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

/** A raw SMTP client: sends bytes, reads what the server said within a short window. */
class RawClient {
  private buffer = '';
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.buffer += chunk.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits until the transcript matches `pattern` (or the socket closes / time runs out). */
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.buffer) && !this.closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.buffer;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  end(): void {
    this.socket.destroy();
  }
}

describe('SMTP under hostile input', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  async function session(): Promise<RawClient> {
    const client = await RawClient.open(h.ports.mx);
    await client.waitFor(/^220 /m);
    client.write('EHLO attacker.test\r\n');
    await client.waitFor(/^250 /m);
    return client;
  }

  it('smuggling: a bare-LF dot does not end DATA, so no second message is injected', async () => {
    const client = await session();
    client.write('MAIL FROM:<x@outside.test>\r\nRCPT TO:<ana@example.test>\r\nDATA\r\n');
    await client.waitFor(/^354 /m);
    client.write(
      'Subject: visible\r\n\r\nhola\n.\nMAIL FROM:<x@outside.test>\nRCPT TO:<ana@example.test>\nDATA\nSubject: smuggled\n\nmalo\r\n.\r\n',
    );
    const out = await client.waitFor(/^250 2\.6\.0/m);
    assert.match(out, /250 2\.6\.0/);
    client.end();
    const messages = await h.messages('ana@example.test');
    assert.equal(
      messages.filter((m) => m.includes('Subject: smuggled') && !m.includes('Subject: visible')).length,
      0,
    );
  });

  it('commands out of order: DATA before MAIL and RCPT gets 503', async () => {
    const client = await session();
    client.write('DATA\r\n');
    assert.match(await client.waitFor(/^503 /m), /^503 5\.5\.1/m);
    client.write('RCPT TO:<ana@example.test>\r\n');
    assert.match(await client.waitFor(/^503 .*\r\n503 /m), /503 5\.5\.1/);
    client.end();
  });

  it('overlong command line: refused and dropped without a crash', async () => {
    const client = await session();
    client.write(`MAIL FROM:<${'a'.repeat(100_000)}@outside.test>\r\n`);
    const out = await client.waitFor(/^421 /m);
    assert.match(out, /^421 4\.4\.2 Error: Command line too long/m);
    client.end();
  });

  it('NUL bytes and binary garbage: errors, then the server drops the client', async () => {
    const client = await session();
    for (let i = 0; i < 20; i++) client.write(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0d, 0x0a]));
    await client.waitFor(/^421 /m, 3000);
    const out = await client.waitFor(/^500 /m);
    assert.match(out, /^500 /m);
    client.end();
  });

  it('a client that disconnects mid-DATA leaves nothing stored', async () => {
    const before = (await h.messages('ana@example.test')).length;
    const client = await session();
    client.write('MAIL FROM:<x@outside.test>\r\nRCPT TO:<ana@example.test>\r\nDATA\r\n');
    await client.waitFor(/^354 /m);
    client.write('Subject: cortado\r\n\r\nla mitad de un mens');
    client.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await h.messages('ana@example.test')).length, before);
    const fresh = await session();
    fresh.write('NOOP\r\n');
    assert.match(await fresh.waitFor(/^250 2\.0\.0/m), /250 2\.0\.0/);
    fresh.end();
  });
});

describe('SMTP behind a load balancer (PROXY protocol v2)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ trustedProxies: ['127.0.0.1'] });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  it('takes the client address from a v2 header of a trusted balancer', async () => {
    const body = Buffer.alloc(12);
    Buffer.from([203, 0, 113, 7]).copy(body, 0);
    Buffer.from([192, 0, 2, 1]).copy(body, 4);
    body.writeUInt16BE(51000, 8);
    body.writeUInt16BE(25, 10);
    const signature = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];
    const client = await RawClient.open(h.ports.mx);
    client.write(Buffer.concat([Buffer.from([...signature, 0x21, 0x11, 0, 12]), body]));
    await client.waitFor(/^220 /m);
    client.write(
      'EHLO balanced.test\r\nMAIL FROM:<x@outside.test>\r\nRCPT TO:<ana@example.test>\r\nDATA\r\n',
    );
    await client.waitFor(/^354 /m);
    client.write('Subject: via balancer\r\n\r\nhola\r\n.\r\n');
    assert.match(await client.waitFor(/^250 2\.6\.0/m), /250 2\.6\.0/);
    client.end();
    const [entry] = await h.store.messageLog.search({ subjectContains: 'via balancer' });
    assert.equal(entry?.clientIp, '203.0.113.7');
  });

  it('drops a trusted peer that sends no PROXY header', async () => {
    const client = await RawClient.open(h.ports.mx);
    client.write('EHLO sin-cabecera\r\n');
    await client.waitFor(/never/, 1000);
    assert.equal(client.isClosed, true);
  });
});
