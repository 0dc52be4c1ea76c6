// DeflateChannel over a real loopback socket against Node's own zlib as the client: parking
// frees both zlib streams, and the RFC 1951 streams stay one continuous stream across it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { DeflateChannel } from './compression.js';

async function socketPair(): Promise<{ server: Socket; client: Socket; close(): void }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const client = connect(address.port, '127.0.0.1');
  const [server] = (await once(listener, 'connection')) as [Socket];
  return {
    server,
    client,
    close() {
      client.destroy();
      server.destroy();
      listener.close();
    },
  };
}

/** Text that arrives in pieces; `until` waits (event-driven, 10 s cap) for a piece of it. */
class Received extends EventEmitter {
  text = '';
  add(chunk: Buffer): void {
    this.text += chunk.toString('latin1');
    this.emit('data');
  }
  async until(expected: string): Promise<void> {
    const deadline = AbortSignal.timeout(10_000);
    while (!this.text.includes(expected)) {
      await once(this, 'data', { signal: deadline }).catch(() => {
        assert.fail(`expected ${JSON.stringify(expected)} in ${JSON.stringify(this.text)}`);
      });
    }
  }
}

describe('DeflateChannel parking (idle sessions)', () => {
  it('frees both zlib streams while idle and resumes the same streams', async () => {
    const pair = await socketPair();
    const fromClient = new Received();
    const fromServer = new Received();
    const channel = new DeflateChannel(
      pair.server,
      (chunk) => {
        fromClient.add(chunk);
      },
      () => assert.fail('zlib error on the server side'),
    );
    pair.server.on('data', (chunk: Buffer) => {
      channel.receive(chunk);
    });
    const clientDeflate = createDeflateRaw();
    const clientInflate = createInflateRaw();
    clientDeflate.on('data', (chunk: Buffer) => pair.client.write(chunk));
    pair.client.on('data', (chunk: Buffer) => clientInflate.write(chunk));
    clientInflate.on('data', (chunk: Buffer) => {
      fromServer.add(chunk);
    });
    const send = (line: string) => {
      clientDeflate.write(line);
      clientDeflate.flush(constants.Z_SYNC_FLUSH);
    };
    try {
      send('a1 SELECT "Carpeta compartida/Informes"\r\n');
      await fromClient.until('Informes');
      await channel.write([Buffer.from('* 3 EXISTS\r\n* OK [UIDVALIDITY 77] Carpeta compartida\r\n')]);
      await fromServer.until('UIDVALIDITY');
      await channel.park();
      assert.equal(channel.isIdle, true);
      // A push while parked, then the client's next line, which refers back across the park.
      await channel.write([Buffer.from('* 4 EXISTS\r\n')]);
      assert.equal(channel.isIdle, true, 'a write while parked does not keep its deflater');
      send('a2 SELECT "Carpeta compartida/Informes"\r\n');
      await fromClient.until('a2 SELECT "Carpeta compartida/Informes"\r\n');
      await channel.write([Buffer.from('* OK [UIDVALIDITY 77] Carpeta compartida otra vez\r\n')]);
      await fromServer.until('* 4 EXISTS\r\n* OK [UIDVALIDITY 77] Carpeta compartida otra vez');
      assert.equal(channel.isIdle, false);
    } finally {
      channel.close();
      pair.close();
    }
  });
});
