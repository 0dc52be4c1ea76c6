// PROXY protocol v1 (text) and v2 (binary) from trusted load balancers (haproxy.org
// proxy-protocol.txt): the real client address of a connection relayed by a TCP balancer.
import { isIP, type Socket } from 'node:net';

export interface ProxiedAddress {
  readonly address: string;
  readonly port: number;
}

export interface ProxyHeader {
  readonly version: 1 | 2;
  /** `local`: the balancer's own health check; keep the socket's addresses. */
  readonly command: 'proxy' | 'local';
  readonly source: ProxiedAddress | null;
  readonly destination: ProxiedAddress | null;
  /** Bytes the header took; what follows is the client's. */
  readonly length: number;
}

export class ProxyHeaderError extends Error {
  override readonly name = 'ProxyHeaderError';
}

const v2Signature = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const v1MaxLength = 107;
const v2MaxLength = 16 + 4096;

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function parseV2(data: Buffer): ProxyHeader | 'incomplete' {
  if (data.length < 16) return 'incomplete';
  const versionCommand = data[12] ?? 0;
  if (versionCommand >> 4 !== 2) throw new ProxyHeaderError('PROXY v2: unsupported version');
  const command = versionCommand & 0x0f;
  if (command > 1) throw new ProxyHeaderError('PROXY v2: unknown command');
  const family = (data[13] ?? 0) >> 4;
  const length = 16 + data.readUInt16BE(14);
  if (length > v2MaxLength) throw new ProxyHeaderError('PROXY v2: header too long');
  if (data.length < length) return 'incomplete';
  const body = data.subarray(16, length);
  if (command === 0 || family === 0)
    return { version: 2, command: 'local', source: null, destination: null, length };
  if (family === 1 && body.length >= 12) {
    const ip = (offset: number) => [...body.subarray(offset, offset + 4)].join('.');
    return {
      version: 2,
      command: 'proxy',
      source: { address: ip(0), port: body.readUInt16BE(8) },
      destination: { address: ip(4), port: body.readUInt16BE(10) },
      length,
    };
  }
  if (family === 2 && body.length >= 36) {
    return {
      version: 2,
      command: 'proxy',
      source: { address: ipv6(body.subarray(0, 16)), port: body.readUInt16BE(32) },
      destination: { address: ipv6(body.subarray(16, 32)), port: body.readUInt16BE(34) },
      length,
    };
  }
  throw new ProxyHeaderError('PROXY v2: unsupported address family');
}

function parseV1(data: Buffer): ProxyHeader | 'incomplete' {
  const end = data.indexOf('\r\n');
  if (end < 0) {
    if (data.length >= v1MaxLength) throw new ProxyHeaderError('PROXY v1: line too long');
    return 'incomplete';
  }
  const parts = data.subarray(0, end).toString('latin1').split(' ');
  const length = end + 2;
  if (parts[1] === 'UNKNOWN')
    return { version: 1, command: 'local', source: null, destination: null, length };
  const [, family, source, destination, sourcePort, destinationPort] = parts;
  const valid =
    (family === 'TCP4' || family === 'TCP6') &&
    parts.length === 6 &&
    isIP(source ?? '') !== 0 &&
    isIP(destination ?? '') !== 0 &&
    /^\d{1,5}$/.test(sourcePort ?? '') &&
    /^\d{1,5}$/.test(destinationPort ?? '');
  if (!valid) throw new ProxyHeaderError('PROXY v1: malformed header');
  return {
    version: 1,
    command: 'proxy',
    source: { address: source ?? '', port: Number(sourcePort) },
    destination: { address: destination ?? '', port: Number(destinationPort) },
    length,
  };
}

/** Parses a header at the start of `data`; throws ProxyHeaderError when it is not one. */
export function parseProxyHeader(data: Buffer): ProxyHeader | 'incomplete' {
  const probe = Math.min(data.length, v2Signature.length);
  if (data.subarray(0, probe).equals(v2Signature.subarray(0, probe))) {
    return probe < v2Signature.length ? 'incomplete' : parseV2(data);
  }
  if (
    data.subarray(0, Math.min(data.length, 6)).toString('latin1') ===
    'PROXY '.slice(0, Math.min(data.length, 6))
  ) {
    return data.length < 6 ? 'incomplete' : parseV1(data);
  }
  throw new ProxyHeaderError('expected a PROXY protocol header');
}

/** The same header as a v1 text line, for libraries that only read v1. */
export function toV1Line(header: ProxyHeader): string {
  if (header.command === 'local' || !header.source || !header.destination) return 'PROXY UNKNOWN\r\n';
  const family = isIP(header.source.address) === 6 ? 'TCP6' : 'TCP4';
  return `PROXY ${family} ${header.source.address} ${header.destination.address} ${header.source.port} ${header.destination.port}\r\n`;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same peer. */
export function isTrustedPeer(address: string | undefined, trusted: readonly string[]): boolean {
  if (address === undefined) return false;
  const normalize = (value: string) => value.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
  const peer = normalize(address);
  return trusted.some((entry) => entry === '*' || normalize(entry) === peer);
}

/**
 * Reads the PROXY header from a socket; the bytes after it are pushed back so the protocol
 * layer reads the client's first byte. Rejects (and the caller should close) on a bad header.
 */
export function readProxyHeader(socket: Socket, timeoutMs = 5000): Promise<ProxyHeader> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const finish = (error: Error | null, header?: ProxyHeader) => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      socket.pause();
      if (error) reject(error);
      else if (header) {
        const rest = buffered.subarray(header.length);
        if (rest.length > 0) socket.unshift(rest);
        resolve(header);
      }
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        const header = parseProxyHeader(buffered);
        if (header !== 'incomplete') finish(null, header);
      } catch (error) {
        finish(error as Error);
      }
    };
    const onClose = () => {
      finish(new ProxyHeaderError('connection closed before the PROXY header'));
    };
    const timer = setTimeout(() => {
      finish(new ProxyHeaderError('no PROXY header in time'));
    }, timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
