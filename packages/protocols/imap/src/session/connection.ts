// One client connection: socket I/O, the command reader, back-pressure, STARTTLS (RFC 9051
// §6.2.1) and the inactivity timer. The session above it sees whole commands and writes
// responses; it never touches the socket.
import type { Socket } from 'node:net';
import { awaitHandshake, wrapServerTls, type UpgradeTlsOptions } from '@chasqui/net';
import { CommandReader, type ReaderEvent, type ReaderLimits } from '../proto/index.js';
import { DeflateChannel } from './compression.js';

export interface ConnectionHandlers {
  /** A reader event (command, continuation request or error) to act on; awaited in order. */
  onEvent(event: ReaderEvent): Promise<void>;
  /** The inactivity timer fired. */
  onTimeout(): void;
  /** The socket closed (either side). */
  onClose(): void;
}

/** The shared context for STARTTLS (TlsManager.upgradeOptions): never a context per socket. */
export type TlsOptions = UpgradeTlsOptions;

/** Input held beyond this while a command runs pauses the socket (pipelined floods). */
const pauseThreshold = 1024 * 1024;

export class ImapConnection {
  private socket: Socket;
  private reader: CommandReader;
  private busy = false;
  private closed = false;
  private isCorked = false;
  /** Set while a command runs: its responses and tagged reply leave in one writev (hold()). */
  private isHeld = false;
  /** Set while a command waits for a raw client line (IDLE's DONE, an AUTHENTICATE reply). */
  private lineWaiter: ((line: Buffer | null) => void) | null = null;
  private handlers: ConnectionHandlers | null = null;
  private limits: Partial<ReaderLimits>;
  /** Set once COMPRESS=DEFLATE is active (RFC 4978). */
  private deflate: DeflateChannel | null = null;

  constructor(
    socket: Socket,
    limits: Partial<ReaderLimits>,
    private timeoutMs: number,
    readonly isTls: boolean,
  ) {
    this.socket = socket;
    this.limits = limits;
    this.reader = new CommandReader(limits);
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts reading; events go to `handlers` one at a time. */
  start(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    this.attach(this.socket);
  }

  private attach(socket: Socket): void {
    socket.setTimeout(this.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      this.receive(chunk);
    });
    socket.on('timeout', () => this.handlers?.onTimeout());
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  private readonly onSocketError = (): void => {
    this.destroy();
  };

  private readonly onSocketClose = (): void => {
    this.markClosed();
  };

  get isCompressed(): boolean {
    return this.deflate !== null;
  }

  /**
   * Starts RFC 4978 DEFLATE both ways; call after the tagged OK to COMPRESS was written. From
   * here on, socket bytes are inflated before the reader sees them.
   */
  startCompression(): void {
    if (this.deflate !== null || this.closed) return;
    const socket = this.socket;
    const channel = new DeflateChannel(
      socket,
      (chunk) => {
        this.receive(chunk);
      },
      () => {
        this.destroy();
      },
    );
    this.deflate = channel;
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => {
      channel.receive(chunk);
    });
  }

  /** Frees what a waiting connection need not hold (the zlib streams); the next byte restores it. */
  releaseIdleMemory(): void {
    void this.deflate?.park();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.deflate?.close();
    this.lineWaiter?.(null);
    this.lineWaiter = null;
    this.handlers?.onClose();
  }

  setLimits(limits: Partial<ReaderLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.reader.setLimits(limits);
  }

  setTimeoutMs(ms: number): void {
    this.timeoutMs = ms;
    this.socket.setTimeout(ms);
  }

  /** Writes response buffers; resolves at once unless the socket needs draining. */
  async write(buffers: readonly Buffer[]): Promise<void> {
    if (this.closed) return;
    if (this.deflate !== null) await this.deflate.write(buffers);
    else {
      if (!this.isHeld) this.corkUntilNextTick();
      for (const buffer of buffers) this.socket.write(buffer);
    }
    if (this.socket.writableNeedDrain) {
      // A corked socket never drains: what is held goes now, and the rest of the command unheld.
      this.release();
      await this.drained();
    }
  }

  /**
   * Holds writes until release(): a command's responses and its tagged reply then cost one
   * system call. The next-tick cork alone ends at the first query that really waits (PostgreSQL),
   * and a SELECT writes ten lines around its queries.
   */
  hold(): void {
    if (this.isHeld || this.closed) return;
    this.isHeld = true;
    this.socket.cork();
  }

  /** Sends what hold() kept back; writes go out as they come again. */
  release(): void {
    if (!this.isHeld) return;
    this.isHeld = false;
    this.socket.uncork();
  }

  /** Writes of one turn (a command's data and its tagged reply) leave in one writev, not one each. */
  private corkUntilNextTick(): void {
    if (this.isCorked) return;
    this.isCorked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.isCorked = false;
      this.socket.uncork();
    });
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

  /** The next raw client line (without CRLF), or null when the connection closed. */
  readLine(): Promise<Buffer | null> {
    this.release();
    return new Promise((resolve) => {
      this.lineWaiter = resolve;
      this.feedWaiter();
    });
  }

  /** Ends the connection after flushing what was written. */
  end(): void {
    if (this.closed) return;
    this.release();
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
   * Upgrades to TLS after "OK Begin TLS negotiation" was written. Bytes the client sent after
   * STARTTLS in plaintext are dropped with the old reader (STARTTLS command injection). Null
   * when the client went away or never completed the handshake (the socket is destroyed).
   */
  async startTls(options: TlsOptions): Promise<ImapConnection | null> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    // Unhooked so the plain socket (the TLS socket's parent for the session's whole life) no
    // longer keeps this retired connection and its reader alive; errors surface on the TLS side.
    plain.off('error', this.onSocketError);
    plain.off('close', this.onSocketClose);
    plain.on('error', () => undefined);
    plain.setTimeout(0);
    // Retire this connection: its pump stops and what it buffered is never read.
    this.handlers = null;
    this.closed = true;
    this.reader = new CommandReader(this.limits);
    const secure = await wrapServerTls(plain, options, this.timeoutMs);
    if (secure === null || !(await awaitHandshake(secure, this.timeoutMs))) return null;
    return new ImapConnection(secure, this.limits, this.timeoutMs, true);
  }

  private receive(chunk: Buffer): void {
    this.reader.push(chunk);
    this.feedWaiter();
    void this.pump();
  }

  /** Hands the next complete line to a waiting command. */
  private feedWaiter(): void {
    while (this.lineWaiter !== null) {
      const event = this.reader.next();
      if (event === null) return;
      const waiter = this.lineWaiter;
      this.lineWaiter = null;
      if (event.type === 'command') waiter(event.command.segments[0] ?? Buffer.alloc(0));
      else if (event.type === 'continuation') {
        this.reader.rejectLiteral();
        waiter(Buffer.from('*'));
      } else waiter(Buffer.from('*'));
    }
  }

  private async pump(): Promise<void> {
    if (this.busy || this.lineWaiter !== null) {
      if (this.reader.bufferedBytes > pauseThreshold) this.socket.pause();
      return;
    }
    this.busy = true;
    try {
      for (let event = this.reader.next(); event !== null && !this.closed; event = this.reader.next()) {
        await this.handlers?.onEvent(event);
      }
    } finally {
      this.busy = false;
    }
    if (!this.closed) this.socket.resume();
  }
}
