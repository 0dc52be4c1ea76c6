// One client connection: socket I/O, line framing, input back-pressure and the inactivity
// timer. The session pulls one event at a time and writes replies; it never touches the
// socket. STLS swaps in a new connection over the secure socket.
import type { Socket } from 'node:net';
import { acceptServerTls } from '@chasqui/net';
import { LineReader, type LineEvent } from '../proto/index.js';
import type { ServerTlsSource } from './server-tls.js';

/** A line, an overlong line, or the inactivity timer firing while the session waits. */
export type ConnectionEvent = LineEvent | { readonly type: 'timeout' };

export interface ConnectionOptions {
  /** Longest line accepted from the client, CRLF excluded. */
  readonly maxLineBytes: number;
  readonly timeoutMs: number;
}

/** Input held beyond this while a command runs pauses the socket (pipelined floods). */
const pauseThreshold = 64 * 1024;

export class Pop3Connection {
  private readonly reader: LineReader;
  private waiter: ((event: ConnectionEvent | null) => void) | null = null;
  private closed = false;
  /** end() was called: nothing more is written. */
  private isEnded = false;
  private isPaused = false;

  constructor(
    private readonly socket: Socket,
    readonly remoteAddress: string,
    readonly isTls: boolean,
    private options: ConnectionOptions,
  ) {
    this.reader = new LineReader(options.maxLineBytes);
    socket.setTimeout(options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      this.receive(chunk);
    });
    socket.on('timeout', () => {
      this.onTimeout();
    });
    socket.on('error', () => {
      this.destroy();
    });
    socket.on('close', () => {
      this.markClosed();
    });
    socket.resume();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The next event; null once the connection is closed. */
  next(): Promise<ConnectionEvent | null> {
    const event = this.reader.next();
    if (this.isPaused && this.reader.bufferedBytes < pauseThreshold / 2) {
      this.isPaused = false;
      this.socket.resume();
    }
    if (event !== null) return Promise.resolve(event);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  setTimeoutMs(ms: number): void {
    this.options = { ...this.options, timeoutMs: ms };
    this.socket.setTimeout(ms);
  }

  /** Writes buffers in one go; resolves at once unless the socket needs draining. */
  async write(buffers: readonly Buffer[]): Promise<void> {
    if (this.closed || this.isEnded) return;
    this.socket.cork();
    for (const buffer of buffers) this.socket.write(buffer);
    this.socket.uncork();
    if (this.socket.writableNeedDrain) await this.drained();
  }

  /** Ends the connection after flushing what was written. */
  end(): void {
    if (this.closed || this.isEnded) return;
    this.isEnded = true;
    this.socket.end();
    const socket = this.socket;
    // A client that never reads must not keep the socket forever.
    setTimeout(() => socket.destroy(), 5000).unref();
  }

  destroy(): void {
    this.socket.destroy();
    this.markClosed();
  }

  /**
   * Negotiates TLS after "+OK Begin TLS negotiation" was written (RFC 2595 §4). What the client
   * sent after STLS in plaintext is dropped (command injection). Returns the secure
   * connection, or null when the handshake failed (this connection is then closed).
   */
  async startTls(source: ServerTlsSource, handshakeTimeoutMs: number): Promise<Pop3Connection | null> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    plain.setTimeout(0);
    this.reader.clear();
    const secure = await acceptServerTls(plain, source(), handshakeTimeoutMs);
    if (secure === null) {
      this.destroy();
      return null;
    }
    return new Pop3Connection(secure, this.remoteAddress, true, this.options);
  }

  private receive(chunk: Buffer): void {
    this.reader.push(chunk);
    if (this.waiter !== null) {
      const event = this.reader.next();
      if (event !== null) this.resolveWaiter(event);
    }
    if (!this.isPaused && this.reader.bufferedBytes > pauseThreshold) {
      this.isPaused = true;
      this.socket.pause();
    }
  }

  private onTimeout(): void {
    // A silent client while a command runs is one that stopped reading our output.
    if (this.waiter === null) this.destroy();
    else this.resolveWaiter({ type: 'timeout' });
  }

  private resolveWaiter(event: ConnectionEvent | null): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(event);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolveWaiter(null);
  }
}
