// Runs one of the shared kit's command-line scripts (bin/*.mjs) against one server as a child
// process, with that server's BENCH_* target variables, and collects the JSON lines it prints.
// A bounded run: the child is killed (by its own pid) when it outlives its time limit, and a
// failure keeps the exact command and the end of its error output for the report.
import { spawn } from 'node:child_process';

export interface KitTarget {
  /** BENCH_NAME: the label of every result line. */
  readonly name: string;
  readonly host: string;
  readonly imapPort: number;
  readonly pop3Port: number;
  readonly pass: string;
  /** BENCH_PIDS: every server's root, so each line carries the CPU of each tree. */
  readonly pids: string;
  /** More environment for the script (e.g. NODE_TLS_REJECT_UNAUTHORIZED for imapflow). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface KitRun {
  readonly lines: Record<string, unknown>[];
  /** null when the script exited 0 with at least one result line. */
  readonly error: string | null;
  readonly command: string;
  readonly seconds: number;
}

const quote = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

function targetEnv(target: KitTarget): Record<string, string> {
  return {
    BENCH_NAME: target.name,
    BENCH_HOST: target.host,
    BENCH_IMAP_PORT: String(target.imapPort),
    BENCH_POP3_PORT: String(target.pop3Port),
    BENCH_PASS: target.pass,
    BENCH_PIDS: target.pids,
    ...target.env,
  };
}

/**
 * `node bin/<script> args…` in the kit directory. `openFiles` raises the child's `ulimit -n`
 * (through a shell that then execs node, so the pid stays the script's).
 */
export function runKitScript(
  kitDir: string,
  target: KitTarget,
  script: string,
  args: readonly string[],
  options: {
    timeoutS: number;
    openFiles?: number;
    echo?: (line: string) => void;
    /**
     * Stop the script 5 s after its last expected result line: imap-idle.mjs leaves its 120 s
     * fan-out timer running, which keeps Node alive that long after its work is done.
     */
    expectedLines?: number;
  },
): Promise<KitRun> {
  const env = targetEnv(target);
  const nodeCommand = ['node', `bin/${script}`, ...args];
  // Up to the hard limit when the wanted one is above it (the script then reports what failed).
  const ulimit = options.openFiles ? `ulimit -n ${options.openFiles}; ` : '';
  const command =
    `cd ${quote(kitDir)} && ${ulimit}env ` +
    Object.entries(env)
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join(' ') +
    ` ${nodeCommand.map(quote).join(' ')}`;
  const started = performance.now();
  const [file, argv] = options.openFiles
    ? [
        '/bin/sh',
        [
          '-c',
          `ulimit -n ${options.openFiles} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`,
          'kit',
          process.execPath,
          ...nodeCommand.slice(1),
        ],
      ]
    : [process.execPath, nodeCommand.slice(1)];
  const child = spawn(file, argv, {
    cwd: kitDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  let stoppedEarly = false;
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        stderr += `unparsed output: ${line}\n`;
      }
      if (options.expectedLines !== undefined && lines.length === options.expectedLines)
        setTimeout(() => {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
          stoppedEarly = true;
          try {
            process.kill(child.pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }, 5000).unref();
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    if (options.echo)
      for (const line of chunk.split('\n')) if (line.trim() !== '') options.echo(line.trimEnd());
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, options.timeoutS * 1000);
  return new Promise((done) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      done({ lines, error: error.message, command, seconds: (performance.now() - started) / 1000 });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const tail = stderr
        .trim()
        .split('\n')
        .filter((l) => !/^\s+appended \d+/.test(l))
        .slice(-6)
        .join(' / ');
      let error: string | null = null;
      if (timedOut) error = `timed out after ${options.timeoutS} s${tail ? `: ${tail}` : ''}`;
      else if (code !== 0 && !(stoppedEarly && signal === 'SIGTERM'))
        error = `exit ${code ?? signal ?? '?'}${tail ? `: ${tail}` : ''}`;
      else if (lines.length === 0) error = `no result line${tail ? `: ${tail}` : ''}`;
      done({ lines, error, command, seconds: (performance.now() - started) / 1000 });
    });
  });
}
