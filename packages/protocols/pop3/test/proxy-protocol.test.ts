// PROXY protocol from trusted balancers (haproxy.org proxy-protocol.txt): the client address
// the balancer names is the one authentication sees, before plaintext (v1) and before implicit
// TLS (v2); a trusted peer that sends no header is dropped.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { AuthAttempt, AuthLimiter } from '@chasqui/directory';
import { password, RawClient, startPop3, type Pop3Harness } from './harness.js';

/** A limiter that allows everything and records who asked. */
class RecordingLimiter implements AuthLimiter {
  readonly attempts: AuthAttempt[] = [];
  check(attempt: AuthAttempt) {
    this.attempts.push(attempt);
    return Promise.resolve({ allowed: true, retryAfterMs: 0 });
  }
  recordFailure() {
    return Promise.resolve();
  }
  recordSuccess() {
    return Promise.resolve();
  }
}

/** A PROXY v2 header for TCP over IPv4. */
function proxyV2(source: string, sourcePort: number, destination: string, destinationPort: number): Buffer {
  const signature = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
  const header = Buffer.alloc(16 + 12);
  signature.copy(header, 0);
  header[12] = 0x21;
  header[13] = 0x11;
  header.writeUInt16BE(12, 14);
  Buffer.from(source.split('.').map(Number)).copy(header, 16);
  Buffer.from(destination.split('.').map(Number)).copy(header, 20);
  header.writeUInt16BE(sourcePort, 24);
  header.writeUInt16BE(destinationPort, 26);
  return header;
}

/**
 * A stream over `socket` whose first write goes out glued to `header`: the balancer's header
 * and the client's ClientHello arrive in one segment, as they often do behind haproxy.
 */
function withLeadingHeader(socket: Socket, header: Buffer): Duplex {
  let isFirst = true;
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      socket.write(isFirst ? Buffer.concat([header, chunk]) : chunk, done);
      isFirst = false;
    },
    final(done) {
      socket.end(done);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  return stream;
}

describe('POP3 behind a PROXY-protocol balancer', () => {
  let h: Pop3Harness;
  const limiter = new RecordingLimiter();
  before(async () => {
    h = await startPop3({ trustedProxies: ['127.0.0.1'], limiter });
    await h.addUser('ana@example.test');
  });
  after(() => h.stop());

  it('PROXY v1 before plaintext: authentication sees the client address', async () => {
    const client = await RawClient.open(h.ports.pop3);
    client.write('PROXY TCP4 203.0.113.7 10.0.0.1 51000 110\r\n');
    assert.match(await client.readUntil(/\r\n/), /^\+OK /);
    assert.match(await client.logIn(), /^\+OK/);
    assert.equal(limiter.attempts.at(-1)?.remoteIp, '203.0.113.7');
    client.close();
  });

  it('PROXY v2 before implicit TLS, sent with the ClientHello', async () => {
    const plain = await RawClient.open(h.ports.pop3s);
    plain.socket.removeAllListeners('data');
    const header = proxyV2('198.51.100.20', 40000, '10.0.0.1', 995);
    const secure = tlsConnect({ socket: withLeadingHeader(plain.socket, header), rejectUnauthorized: false });
    await new Promise<void>((resolve) => secure.once('secureConnect', resolve));
    const client = new RawClient(secure);
    assert.match(await client.readUntil(/\r\n/), /^\+OK /);
    const token = Buffer.from(`\0ana@example.test\0${password}`).toString('base64');
    assert.match(await client.command(`AUTH PLAIN ${token}`), /^\+OK/);
    assert.equal(limiter.attempts.at(-1)?.remoteIp, '198.51.100.20');
    client.close();
    plain.close();
  });

  it('a trusted peer that sends no PROXY header is disconnected', async () => {
    const client = await RawClient.open(h.ports.pop3);
    client.write('USER ana@example.test\r\n');
    assert.equal(await client.waitClosed(), true);
  });
});
