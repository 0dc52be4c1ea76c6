// One client connection: socket I/O, the command reader, back-pressure, STARTTLS (RFC 9051
// §6.2.1) and the inactivity timer. The session above it sees whole commands and writes
// responses; it never touches the socket.
import type { Socket } from 'node:net';
import {
  acceptServerTls,
  unwatchDeadline,
  watchDeadline,
  type Expirable,
  type UpgradeTlsOptions,
} from '@chasqui/net';
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

/** The socket's connection, for the socket handlers below (shared, not closures per socket). */
const connectionKey = Symbol('imap connection');
type OwnedSocket = Socket & { [connectionKey]?: ImapConnection | undefined };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[connectionKey]?.receive(chunk);
}

function onSocketError(this: OwnedSocket): void {
  this[connectionKey]?.destroy();
}

function onSocketClose(this: OwnedSocket): void {
  this[connectionKey]?.markClosed();
}

function ignoreError(): void {
  // The TLS socket above reports it.
}

export class ImapConnection implements Expirable {
  private socket: OwnedSocket;
  private reader: CommandReader;
  private busy = false;
  private closed = false;
  private isCorked = false;
  /** Set while a command runs: its responses and tagged reply leave in one writev (hold()). */
  private isHeld = false;
  /** Set while a command waits for a raw client line (an AUTHENTICATE reply). */
  private lineWaiter: ((line: Buffer | null) => void) | null = null;
  private handlers: ConnectionHandlers | null = null;
  private limits: Partial<ReaderLimits>;
  /** Set once COMPRESS=DEFLATE is active (RFC 4978). */
  private deflate: DeflateChannel | null = null;
  /** When inactivity ends the session (ms epoch); moved on by every read and write. */
  deadline = 0;

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

  private attach(socket: OwnedSocket): void {
    socket[connectionKey] = this;
    this.touch();
    watchDeadline(this, this.timeoutMs);
    socket.on('data', onSocketData);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  private touch(): void {
    this.deadline = Date.now() + this.timeoutMs;
  }

  /** The deadline sweep found this connection inactive for too long. */
  expire(): void {
    this.handlers?.onTimeout();
  }

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
    socket.off('data', onSocketData);
    socket.on('data', (chunk: Buffer) => {
      channel.receive(chunk);
    });
  }

  /** Frees what a waiting connection need not hold (the zlib streams); the next byte restores it. */
  releaseIdleMemory(): void {
    void this.deflate?.park();
  }

  /** The socket closed: waiting reads end and the session hears of it. */
  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    unwatchDeadline(this, this.timeoutMs);
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
    // The sweep is chosen by the timeout: leave the old one before joining the new one.
    unwatchDeadline(this, this.timeoutMs);
    this.timeoutMs = ms;
    this.touch();
    if (!this.closed) watchDeadline(this, ms);
  }

  /** Writes response buffers; resolves at once unless the socket needs draining. */
  async write(buffers: readonly Buffer[]): Promise<void> {
    if (this.closed) return;
    this.touch();
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
    // Unhooked so the plain socket (the TLS socket's parent for the session's whole life) no
    // longer keeps this retired connection and its reader alive; errors surface on the TLS side.
    plain.off('error', onSocketError);
    plain.off('close', onSocketClose);
    plain.on('error', ignoreError);
    plain[connectionKey] = undefined;
    unwatchDeadline(this, this.timeoutMs);
    // Retire this connection: its pump stops and what it buffered is never read.
    this.handlers = null;
    this.closed = true;
    this.reader = new CommandReader(this.limits);
    const secure = await acceptServerTls(plain, options, this.timeoutMs);
    return secure === null ? null : new ImapConnection(secure, this.limits, this.timeoutMs, true);
  }

  /** Socket bytes (inflated if compressed) for the reader. */
  receive(chunk: Buffer): void {
    this.touch();
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
      waiter(this.lineOf(event));
    }
  }

  /** A reader event as the raw line a waiting command reads ("*" for what is no line). */
  lineOf(event: ReaderEvent): Buffer {
    if (event.type === 'command') return event.command.segments[0] ?? Buffer.alloc(0);
    // A literal is no answer to a continuation: it is refused, not read.
    if (event.type === 'continuation') this.reader.rejectLiteral();
    return Buffer.from('*');
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
