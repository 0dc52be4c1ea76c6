import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTrustedPeer, parseProxyHeader, ProxyHeaderError, toV1Line } from './proxy-protocol.js';

const signature = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];

function v2Tcp4(
  source: number[],
  destination: number[],
  sourcePort: number,
  destinationPort: number,
): Buffer {
  const body = Buffer.alloc(12);
  Buffer.from(source).copy(body, 0);
  Buffer.from(destination).copy(body, 4);
  body.writeUInt16BE(sourcePort, 8);
  body.writeUInt16BE(destinationPort, 10);
  const head = Buffer.from([...signature, 0x21, 0x11, 0, 12]);
  return Buffer.concat([head, body]);
}

describe('PROXY protocol', () => {
  it('reads a v2 TCP4 header and the bytes after it stay the client’s', () => {
    const data = Buffer.concat([
      v2Tcp4([203, 0, 113, 7], [192, 0, 2, 1], 51000, 25),
      Buffer.from('EHLO x\r\n'),
    ]);
    const header = parseProxyHeader(data);
    assert.notEqual(header, 'incomplete');
    if (header === 'incomplete') return;
    assert.deepEqual(header.source, { address: '203.0.113.7', port: 51000 });
    assert.equal(data.subarray(header.length).toString(), 'EHLO x\r\n');
    assert.equal(toV1Line(header), 'PROXY TCP4 203.0.113.7 192.0.2.1 51000 25\r\n');
  });

  it('reads v2 LOCAL (balancer health checks) and v1 lines', () => {
    const local = parseProxyHeader(Buffer.from([...signature, 0x20, 0x00, 0, 0]));
    assert.equal(local !== 'incomplete' && local.command, 'local');
    const v1 = parseProxyHeader(Buffer.from('PROXY TCP6 2001:db8::1 2001:db8::2 4000 587\r\nEHLO'));
    assert.equal(v1 !== 'incomplete' && v1.source?.address, '2001:db8::1');
  });

  it('waits for a header split across reads', () => {
    const whole = v2Tcp4([10, 0, 0, 1], [10, 0, 0, 2], 1, 2);
    for (let cut = 1; cut < whole.length; cut++)
      assert.equal(parseProxyHeader(whole.subarray(0, cut)), 'incomplete');
  });

  it('rejects garbage, a bad v1 address and an oversized v2 length', () => {
    assert.throws(() => parseProxyHeader(Buffer.from('EHLO attacker\r\n')), ProxyHeaderError);
    assert.throws(
      () => parseProxyHeader(Buffer.from('PROXY TCP4 evil<script> 1.2.3.4 1 2\r\n')),
      ProxyHeaderError,
    );
    assert.throws(
      () => parseProxyHeader(Buffer.from([...signature, 0x21, 0x11, 0xff, 0xff])),
      ProxyHeaderError,
    );
    assert.throws(() => parseProxyHeader(Buffer.from(`PROXY ${'x'.repeat(200)}`)), ProxyHeaderError);
  });

  it('matches trusted peers with or without the IPv4-mapped prefix', () => {
    assert.equal(isTrustedPeer('::ffff:10.0.0.5', ['10.0.0.5']), true);
    assert.equal(isTrustedPeer('10.0.0.6', ['10.0.0.5']), false);
  });
});
