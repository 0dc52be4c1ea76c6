// Typed access to the shared measuring kit (README there): its message generator, its IMAP mailbox
// helpers (STATUS polling, emptying) and its /proc CPU accounting of a server's process tree.
// The kit is plain JavaScript outside this repository, so it is loaded by path at run time.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the kit lives: BENCH_KIT_DIR, else ../shared/bench next to the repository. */
export const kitDir = resolve(
  process.env['BENCH_KIT_DIR'] ?? fileURLToPath(new URL('../../../shared/bench', import.meta.url)),
);

export interface ImapTarget {
  readonly host: string;
  readonly imapPort: number;
  readonly pass: string;
}

export interface ProcessRoot {
  readonly name: string;
  readonly pid: number;
}

export interface ServerUsage {
  /** CPU seconds of the whole tree (live processes plus reaped children) over the phase. */
  readonly cpuS: number;
  /** Of one core: 200% = both cores. */
  readonly cpuPct: number;
  readonly peakRssMb: number;
  readonly endRssMb: number;
  readonly peakProcs: number;
}

export interface PhaseUsage {
  readonly wallS: number;
  /** Whole machine, all cores: how busy the box was (load generator included). */
  readonly systemCpuPct: number;
  readonly load1: number;
  readonly servers: Readonly<Record<string, ServerUsage>>;
}

export interface Kit {
  readonly dir: string;
  /** The 4 KB (text) or 100 KB (text + base64 attachment) SMTP message, CRLF line ends. */
  readonly sizedMessage: (size: number, options?: { to?: string }) => string;
  /** Marks every INBOX message \Deleted and expunges; resolves with how many there were. */
  readonly emptyMailbox: (target: ImapTarget, user: string) => Promise<number>;
  /** Polls STATUS INBOX every 100 ms until it shows `want` messages; seconds since `t0`, or null. */
  readonly waitForCount: (
    target: ImapTarget,
    user: string,
    want: number,
    options: { t0: number; timeoutS: number },
  ) => Promise<{ seconds: number | null; count: number }>;
  /** Samples the trees every 500 ms until stop(). */
  readonly monitor: (roots: readonly ProcessRoot[]) => { stop: () => PhaseUsage };
}

async function load<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(join(kitDir, file)).href)) as T;
}

export async function loadKit(): Promise<Kit> {
  if (!existsSync(join(kitDir, 'lib', 'msggen.mjs')) || !existsSync(join(kitDir, 'anchors', 'anchors.sh')))
    throw new Error(`the measuring kit is not at ${kitDir} (set BENCH_KIT_DIR)`);
  const [msggen, mailbox, procstat] = await Promise.all([
    load<Pick<Kit, 'sizedMessage'>>('lib/msggen.mjs'),
    load<Pick<Kit, 'emptyMailbox' | 'waitForCount'>>('lib/mailbox.mjs'),
    load<Pick<Kit, 'monitor'>>('lib/procstat.mjs'),
  ]);
  return {
    dir: kitDir,
    sizedMessage: msggen.sizedMessage,
    emptyMailbox: mailbox.emptyMailbox,
    waitForCount: mailbox.waitForCount,
    monitor: procstat.monitor,
  };
}
