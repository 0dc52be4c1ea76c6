// Spawns the real `chasqui` binary for end-to-end tests: one-shot verbs and a running `serve`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const binPath = fileURLToPath(new URL('../bin/chasqui.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The parent's environment without any CHASQUI_* setting (harness variables excepted), plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('CHASQUI_') || name.startsWith('CHASQUI_TEST_')) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs `chasqui …args` to completion. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, [binPath, ...args], {
    env: cleanEnv(env),
    cwd: cwd ?? process.cwd(),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** The listeners' names as in their CHASQUI_<NAME>_PORT variables. */
export const listenerVariables = [
  'SMTP',
  'SUBMISSION',
  'SUBMISSIONS',
  'IMAP',
  'IMAPS',
  'POP3',
  'POP3S',
  'SIEVE',
  'HTTP',
  'HTTPS',
] as const;

/** Every listener on port 0 so parallel tests never collide. */
export const freePortEnv: Record<string, string> = Object.fromEntries(
  listenerVariables.map((name) => [`CHASQUI_${name}_PORT`, '0']),
);

export interface RunningServe {
  readonly child: ChildProcess;
  /** Bound ports by listener name, from the `server.ready` log line. */
  readonly ports: Record<string, number>;
  /** Every stdout line so far (JSON logs and the admin banner). */
  readonly lines: string[];
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

// A failed assertion must not leave a server running and the test runner waiting on it.
const liveServers = new Set<ChildProcess>();

/** Kills every server a test left running (use in `after`). */
export function killLeftoverServers(): void {
  for (const child of liveServers) child.kill('SIGKILL');
}

/** Starts `chasqui serve --data dataDir …args` and waits for its (first) `server.ready` line. */
export async function startServe(
  dataDir: string,
  env: Record<string, string> = {},
  options: { args?: readonly string[] } = {},
): Promise<RunningServe> {
  const child = spawn(process.execPath, [binPath, 'serve', '--data', dataDir, ...(options.args ?? [])], {
    env: cleanEnv({ ...freePortEnv, ...env }),
  });
  liveServers.add(child);
  child.once('exit', () => liveServers.delete(child));
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, 'close') as Promise<[number | null]>;
  const ready = new Promise<Record<string, number>>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (!line.includes('"server.ready"')) return;
      const entry = JSON.parse(line) as { listeners: { name: string; port: number }[] };
      resolve(Object.fromEntries(entry.listeners.map((listener) => [listener.name, listener.port])));
    });
    void closed.then(([code]) => {
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  const ports = await ready;
  return {
    child,
    ports,
    lines,
    async stop() {
      child.kill('SIGTERM');
      const [code] = await closed;
      return code;
    },
  };
}
