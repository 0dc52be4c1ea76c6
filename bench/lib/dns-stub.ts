// A loopback DNS stub that answers every query at once with NXDOMAIN: what the offline machine's
// resolver answers too, but without its rate limit (bursts of queries are dropped there, and the
// Node resolver retries after 1 s). Used so that Chasqui's SPF/DKIM/DMARC lookups "fail fast" as
// intended, while every check still runs. Only the benchmark's Chasqui process is pointed at it.
import dgram from 'node:dgram';

export interface DnsStub {
  readonly address: string;
  queries(): number;
  close(): Promise<void>;
}

/** The reply to `query`: same id and question, QR=1, RA=1, RCODE=3 (NXDOMAIN), no records. */
function nxdomain(query: Buffer): Buffer | null {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
  let offset = 12;
  while (offset < query.length) {
    const length = query[offset] ?? 0;
    if (length === 0) break;
    if (length >= 0xc0) return null; // no compression in a question from a stub resolver
    offset += length + 1;
  }
  const end = offset + 1 + 4; // the root label, QTYPE and QCLASS
  if (end > query.length) return null;
  const reply = Buffer.from(query.subarray(0, end));
  const opcodeAndRd = (query[2] ?? 0) & 0x79;
  reply[2] = 0x80 | opcodeAndRd; // QR, opcode and RD copied
  reply[3] = 0x80 | 0x03; // RA, NXDOMAIN
  reply.writeUInt16BE(1, 4);
  reply.writeUInt32BE(0, 6); // ANCOUNT, NSCOUNT
  reply.writeUInt16BE(0, 10); // ARCOUNT (the query's EDNS record is not echoed)
  return reply;
}

export function startDnsStub(port: number): Promise<DnsStub> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', (query, peer) => {
    const reply = nxdomain(query);
    if (!reply) return;
    count++;
    socket.send(reply, peer.port, peer.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.removeListener('error', reject);
      resolve({
        address: `127.0.0.1:${port}`,
        queries: () => count,
        close: () =>
          new Promise<void>((done) => {
            socket.close(() => {
              done();
            });
          }),
      });
    });
  });
}

/** Node arguments that point a process's resolver (dns.resolve*, c-ares) at `address`. */
export function useDnsServerArgs(address: string): string[] {
  const source = `import { setServers } from 'node:dns'; setServers([${JSON.stringify(address)}]);`;
  return ['--import', `data:text/javascript,${encodeURIComponent(source)}`];
}
