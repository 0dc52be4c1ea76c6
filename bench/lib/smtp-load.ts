// The SMTP load driver of `npm run bench smtp`: a raw-socket client (one command at a time, no
// PIPELINING) that times every message from handing the final "." to the socket until the 2xx
// reply, and a driver that sends N messages over C concurrent connections. The same driver and
// bytes go to every server, so the numbers differ only by the server.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

interface Reply {
  readonly code: number;
  readonly text: string;
}

interface Waiter {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

class SmtpConnection {
  private buffer = '';
  private lines: string[] = [];
  private readonly replies: Reply[] = [];
  private waiter: Waiter | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    timeoutMs: number,
  ) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy(new Error(`no reply within ${timeoutMs} ms`));
    });
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
    socket.on('error', (error) => {
      this.fail(error);
    });
    socket.on('close', () => {
      this.fail(new Error('connection closed by the server'));
    });
  }

  /** Connects, reads the greeting and says EHLO. */
  static async open(host: string, port: number, timeoutMs: number): Promise<SmtpConnection> {
    const connection = new SmtpConnection(net.connect({ host, port }), timeoutMs);
    try {
      await connection.expect(2, 'greeting');
      await connection.command('EHLO client.example.org', 2);
    } catch (error) {
      connection.destroy();
      throw error;
    }
    return connection;
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.lines.push(line);
      if (line.charAt(3) === '-') continue; // a continuation line of a multi-line reply
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.join(' | ') };
      this.lines = [];
      const waiter = this.waiter;
      this.waiter = null;
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  private next(): Promise<Reply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private async expect(replyClass: number, what: string): Promise<Reply> {
    const reply = await this.next();
    if (Math.floor(reply.code / 100) !== replyClass) throw new Error(`${what}: ${reply.text}`);
    return reply;
  }

  private command(line: string, replyClass: number): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.expect(replyClass, line.split(/[ :]/)[0] ?? line);
  }

  /** One transaction; `data` is dot-stuffed and ends with CRLF. Resolves with ms from "." to 2xx. */
  async send(from: string, to: string, data: Buffer): Promise<number> {
    await this.command(`MAIL FROM:<${from}>`, 2);
    await this.command(`RCPT TO:<${to}>`, 2);
    await this.command('DATA', 3);
    this.socket.write(data);
    const dotSent = performance.now();
    this.socket.write('.\r\n');
    await this.expect(2, 'end of DATA');
    return performance.now() - dotSent;
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT', 2);
    } catch {
      // closing anyway
    }
    this.destroy();
  }

  destroy(): void {
    this.failure ??= new Error('closed');
    this.socket.destroy();
  }
}

/** Normalises to CRLF and dot-stuffs (RFC 5321 §4.5.2). */
function dotStuff(text: string): string {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  return (crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`).replace(/^\./gm, '..');
}

/** The message with a fresh Message-ID per copy, like real traffic (no deduplication by content). */
function messageFactory(message: string): (messageId: string) => Buffer {
  const text = dotStuff(message);
  const found = /^Message-ID: <[^>\r\n]*>/im.exec(text);
  if (!found) throw new Error('the benchmark message has no Message-ID header');
  const head = Buffer.from(text.slice(0, found.index + 'Message-ID: <'.length));
  const tail = Buffer.from(text.slice(found.index + found[0].length - 1));
  return (messageId) => Buffer.concat([head, Buffer.from(messageId), tail]);
}

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly from: string;
  readonly to: string;
  /** The message as the kit generates it (CRLF, not yet dot-stuffed). */
  readonly message: string;
  readonly count: number;
  readonly conns: number;
  /** Keep connections open between messages (default: one connection per message, like MX traffic). */
  readonly reuse: boolean;
  /** Prefix of the generated Message-IDs, unique per run. */
  readonly tag: string;
  readonly replyTimeoutMs: number;
  readonly maxSeconds: number;
}

export interface LoadResult {
  /** Wall time until the last reply of the last connection. */
  readonly seconds: number;
  /** Messages that got a 2xx at end of DATA. */
  readonly sent: number;
  readonly errors: number;
  readonly firstError: string | null;
  /** Per accepted message: ms from the final "." to the 2xx reply. */
  readonly latenciesMs: readonly number[];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const makeMessage = messageFactory(options.message);
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;

  const worker = async (workerId: number) => {
    let connection: SmtpConnection | null = null;
    while (issued < options.count && performance.now() < deadline) {
      const id = issued++;
      try {
        connection ??= await SmtpConnection.open(options.host, options.port, options.replyTimeoutMs);
        const data = makeMessage(`${options.tag}.${id}.${workerId}@client.example.org`);
        latencies.push(await connection.send(options.from, options.to, data));
        if (!options.reuse) {
          await connection.quit();
          connection = null;
        }
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        connection?.destroy();
        connection = null;
      }
    }
    if (connection) await connection.quit();
  };

  await Promise.all(Array.from({ length: options.conns }, (_, workerId) => worker(workerId)));
  return {
    seconds: (performance.now() - started) / 1000,
    sent: latencies.length,
    errors: errors + (options.count - issued),
    firstError: firstError ?? (issued < options.count ? `stopped after ${options.maxSeconds} s` : null),
    latenciesMs: latencies,
  };
}

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = finite.length >> 1;
  return finite.length % 2
    ? (finite[middle] ?? Number.NaN)
    : ((finite[middle - 1] ?? 0) + (finite[middle] ?? 0)) / 2;
}
