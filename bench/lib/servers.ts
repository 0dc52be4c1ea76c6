// The two servers of `npm run bench smtp`, started and stopped by the benchmark itself:
// the kit's Postfix → Dovecot LMTP anchors (anchors.sh, by the PIDs they wrote) and Chasqui as a
// child process on a fresh data directory. Everything is undone by one idempotent cleanup that
// also runs on Ctrl-C.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { ProcessRoot } from './kit.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const chasquiBin = join(repoRoot, 'apps', 'server', 'bin', 'chasqui.js');
const sleep = (ms: number) =>
  new Promise<void>((done) => {
    setTimeout(done, ms);
  });

// ---- cleanup ---------------------------------------------------------------------------------

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];

/** Registers an undo step; steps run once, newest first. */
export function onCleanup(name: string, run: () => Promise<void> | void): void {
  cleanups.push({ name, run });
}

export async function cleanup(): Promise<void> {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    try {
      await step.run();
    } catch (error) {
      console.error(
        `cleanup "${step.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

let interruptedBy: NodeJS.Signals | null = null;

/** The signal that interrupted the benchmark, if any (work in flight then fails: not an error). */
export function interrupted(): NodeJS.Signals | null {
  return interruptedBy;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interruptedBy = signal;
    console.error(`\n${signal}: stopping the servers…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- Postfix → Dovecot anchors ---------------------------------------------------------------

const anchorServices = ['postfix', 'dovecot'] as const;

function anchors(kitDir: string, ...args: string[]): string {
  return execFileSync(join(kitDir, 'anchors', 'anchors.sh'), args, { encoding: 'utf8' });
}

/** `anchors.sh start`: its daemons keep their stdout open, so it writes to a file, not a pipe. */
function startAnchorServices(kitDir: string, services: readonly string[], logFile: string): void {
  const fd = openSync(logFile, 'a');
  try {
    execFileSync(join(kitDir, 'anchors', 'anchors.sh'), ['start', ...services], {
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
}

/** Starts whichever anchor is not running, and stops at cleanup only those it started. */
export function startAnchors(kitDir: string, logFile: string): ProcessRoot[] {
  const status = anchors(kitDir, 'status', ...anchorServices);
  const mine = anchorServices.filter((s) => !new RegExp(`^${s} running`, 'm').test(status));
  if (mine.length > 0) {
    onCleanup('anchors', () => {
      process.stderr.write(anchors(kitDir, 'stop', ...mine));
    });
    startAnchorServices(kitDir, mine, logFile);
  }
  const line = /^BENCH_PIDS=(.*)$/m.exec(anchors(kitDir, 'pids', ...anchorServices))?.[1] ?? '';
  const roots = line
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', pid = ''] = pair.split('=');
      return { name, pid: Number(pid) };
    });
  if (roots.length !== anchorServices.length) throw new Error(`anchors did not start: BENCH_PIDS=${line}`);
  return roots;
}

// ---- Chasqui ---------------------------------------------------------------------------------

const listenerPorts = {
  SMTP: 25,
  SUBMISSION: 587,
  SUBMISSIONS: 465,
  IMAP: 143,
  IMAPS: 993,
  POP3: 110,
  POP3S: 995,
  SIEVE: 190,
  HTTP: 80,
  HTTPS: 443,
} as const;

export interface ChasquiOptions {
  /** Listener ports are base + the standard port (SMTP base+25, HTTP base+80, …). */
  readonly portBase: number;
  readonly parentDir: string;
  readonly domain: string;
  readonly user: string;
  readonly logFile: string;
  readonly keepData: boolean;
  /** Extra Node arguments for `chasqui serve` (e.g. its DNS server). */
  readonly nodeArgs: readonly string[];
  /** `serve --workers N`: server processes sharing the listeners (1: one process). */
  readonly workers?: number;
}

export interface Chasqui {
  readonly pid: number;
  readonly smtpPort: number;
  /** Plain IMAP on loopback, when this Chasqui build serves it (its /health lists it). */
  readonly imap: { readonly host: string; readonly imapPort: number; readonly pass: string } | null;
  readonly dataDir: string;
  /** The highest stored message id of `address`, and how many were stored after an id (SQLite). */
  lastMessageId(address: string): number;
  messagesAfter(address: string, id: number): number;
  /** The message-log id high-water mark, and the entries after a mark. */
  lastLogId(): number;
  logSince(id: number): { verdict: string; timings: string }[];
  /** Lines of the server's output so far that are warnings or errors. */
  problems(): string[];
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = net.createServer();
    probe.once('error', () => {
      done(false);
    });
    probe.listen(port, '127.0.0.1', () => {
      probe.close(() => {
        done(true);
      });
    });
  });
}

function runCli(dataDir: string, ...args: string[]): void {
  execFileSync(process.execPath, [chasquiBin, ...args, '--data', dataDir], {
    cwd: dataDir,
    env: chasquiEnv({ CHASQUI_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The parent's environment without its CHASQUI_* variables (an unknown one stops the server). */
function chasquiEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CHASQUI_')));
  return { ...env, ...extra };
}

/** Waits for /health to answer 200; resolves with the listeners it reports as ok. */
async function waitHealthy(
  child: ChildProcess,
  httpPort: number,
  problems: () => string[],
): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `chasqui serve exited (${child.exitCode ?? child.signalCode}): ${problems().join(' / ')}`,
      );
    try {
      const response = await fetch(`http://127.0.0.1:${httpPort}/health`);
      if (response.status === 200) {
        const body = (await response.json()) as { components?: { listeners?: Record<string, string> } };
        return Object.entries(body.components?.listeners ?? {})
          .filter(([, state]) => state === 'ok')
          .map(([name]) => name);
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('chasqui serve did not answer /health with 200 within 60 s');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      done();
    }),
  );
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(child.pid, name);
    } catch {
      // already gone (Ctrl-C reaches the whole process group)
    }
  };
  signal('SIGTERM');
  const result = await Promise.race([exited.then(() => 'exited'), sleep(15_000).then(() => 'timeout')]);
  if (result === 'timeout') {
    console.error(`chasqui (pid ${child.pid}) did not stop within 15 s of SIGTERM: killing it`);
    signal('SIGKILL');
    await exited;
  }
}

export async function startChasqui(options: ChasquiOptions): Promise<Chasqui> {
  const ports = Object.fromEntries(
    Object.entries(listenerPorts).map(([name, port]) => [name, options.portBase + port]),
  ) as Record<keyof typeof listenerPorts, number>;
  for (const [name, port] of Object.entries(ports))
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} (Chasqui ${name}) is in use: set BENCH_CHASQUI_PORT_BASE`);

  const dataDir = mkdtempSync(join(options.parentDir, 'chasqui-bench-smtp-'));
  onCleanup('chasqui data', () => {
    if (options.keepData) console.error(`Chasqui data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  });
  runCli(dataDir, 'domain', 'add', options.domain);
  // The password policy refuses passwords that contain the user name ("bench").
  const password = 'Smtp-ingest-2026!';
  runCli(dataDir, 'user', 'add', options.user, '--password', password);

  const env: Record<string, string> = {
    CHASQUI_DATA: dataDir,
    CHASQUI_ADMIN_PASSWORD: 'Admin-ingest-2026!',
    CHASQUI_LOG_LEVEL: 'warn',
    CHASQUI_SMTP_MAX_CONNECTIONS_PER_IP: '1000',
    CHASQUI_SMTP_MAX_CONNECTION_RATE: '100000',
    CHASQUI_WORKERS: String(options.workers ?? 1),
    // As the shipped systemd unit and the cluster primary run the server (see docs/chasqui.service).
    MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024),
  };
  for (const [name, port] of Object.entries(ports)) env[`CHASQUI_${name}_PORT`] = String(port);

  const log = createWriteStream(options.logFile);
  const problemLines: string[] = [];
  // cwd = the data directory, so no ./chasqui.toml is picked up by accident.
  const child = spawn(process.execPath, [...options.nodeArgs, chasquiBin, 'serve'], {
    cwd: dataDir,
    env: chasquiEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup('chasqui', async () => {
    await stopChild(child);
    log.end();
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n'))
        if (/"level":(40|50|60)|error|warn/i.test(line) && problemLines.length < 1000)
          problemLines.push(line);
    });
  }
  const problems = () => [...problemLines];
  const listeners = await waitHealthy(child, ports.HTTP, problems);

  const db = new Database(join(dataDir, 'chasqui.db'), { readonly: true, fileMustExist: true });
  onCleanup('chasqui db reader', () => {
    db.close();
  });
  // Counted by id, so messages expunged before a run (and destroyed later) do not skew the count.
  const lastIdStatement = db.prepare<[string], { id: number | null }>(
    'SELECT max(m.id) AS id FROM messages m JOIN accounts a ON a.id = m.account_id WHERE a.address = ?',
  );
  const afterStatement = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM messages m JOIN accounts a ON a.id = m.account_id WHERE a.address = ? AND m.id > ?',
  );
  const lastStatement = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM message_log');
  const sinceStatement = db.prepare<[number], { verdict: string; timings: string }>(
    'SELECT verdict, timings FROM message_log WHERE id > ? ORDER BY id',
  );
  if (child.pid === undefined) throw new Error('chasqui serve has no pid');
  return {
    pid: child.pid,
    smtpPort: ports.SMTP,
    dataDir,
    imap: listeners.includes('imap') ? { host: '127.0.0.1', imapPort: ports.IMAP, pass: password } : null,
    lastMessageId: (address) => lastIdStatement.get(address)?.id ?? 0,
    messagesAfter: (address, id) => afterStatement.get(address, id)?.n ?? 0,
    lastLogId: () => lastStatement.get()?.id ?? 0,
    logSince: (id) => sinceStatement.all(id),
    problems,
  };
}
