// Browser-test harness: Debian chromium through playwright-core, a static server for dist/
// with the production CSP, and a real Chasqui server when the JMAP front-end exists.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser } from 'playwright-core';

export const WEBMAIL = new URL('..', import.meta.url).pathname;
export const REPO = join(WEBMAIL, '..', '..');
/** Screenshots and reports of every run (git-ignored). */
export const ARTIFACTS = join(WEBMAIL, 'e2e', 'artifacts');
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    timeout: 30_000,
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ with the server's CSP; `/jmap/*` answers come from `jmap` (a stub). */
export async function serveDist(
  jmap: (
    method: string,
    url: string,
    body: string,
  ) => { status: number; body: unknown; headers?: Record<string, string>; raw?: Buffer },
): Promise<{ url: string; server: Server }> {
  const dist = join(WEBMAIL, 'dist');
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/jmap/')) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const answer = jmap(req.method ?? 'GET', url, body);
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(answer.raw ?? JSON.stringify(answer.body));
      });
      return;
    }
    const path = join(dist, url === '/' ? 'index.html' : (url.split('?')[0] ?? ''));
    const file = path.startsWith(dist) && existsSync(path) ? path : join(dist, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${String(port)}`, server };
}

export interface RealServer {
  url: string;
  smtpPort: number;
  process: ChildProcess;
  data: string;
  addUser(email: string, password: string, name?: string): void;
  /** The server's last error-level log lines, for a failure report. */
  errorLog(): string[];
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data directory. */
  stop(): Promise<void>;
}

/** Kills `child` and resolves once it has exited (SIGKILL if SIGTERM is not enough in 5 s). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 5000)));
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  clearTimeout(timer);
}

/**
 * Starts `chasqui serve` on free ports when the JMAP front-end exists, or returns the reason
 * it cannot (the tests then skip with that message). With `dataDir` the server uses that
 * (already seeded) directory and leaves it in place when stopped: the caller owns it.
 */
export async function startRealServer(options: { dataDir?: string } = {}): Promise<RealServer | string> {
  if (!existsSync(join(REPO, 'packages/protocols/jmap/src/index.ts'))) {
    return 'packages/protocols/jmap is not there yet: end-to-end tests against a real server are skipped';
  }
  const data = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chasqui-webmail-e2e-'));
  const ports = [
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
  ];
  const env: Record<string, string> = {
    ...process.env,
    CHASQUI_DATA: data,
    CHASQUI_ADMIN_PASSWORD: 'Clave-E2E-Segura-1',
  } as Record<string, string>;
  for (const p of ports) env[`CHASQUI_${p}_PORT`] = '0';
  // The bin directly (not npx): killing it then stops the server itself, not a wrapper.
  const bin = join(REPO, 'apps/server/bin/chasqui.js');
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cleanup = async () => {
    await stopChild(child);
    if (!options.dataDir) rmSync(data, { recursive: true, force: true });
  };
  // Both pipes are always drained (a full pipe would block the server); the stderr tail is
  // kept for the failure message.
  let stderr = '';
  const errors: string[] = [];
  // Error-level pino lines (level ≥ 50) are kept, the rest is drained.
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!/"level":\s*[56]0/.test(line)) continue;
      errors.push(line.slice(0, 2000));
      if (errors.length > 20) errors.shift();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const ready = await new Promise<Record<string, unknown> | null>((resolve) => {
    let buffer = '';
    let done = false;
    const finish = (value: Record<string, unknown> | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      buffer = '';
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (done) return;
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('server.ready')) continue;
        try {
          finish(JSON.parse(line) as Record<string, unknown>);
        } catch {
          finish(null);
        }
      }
    });
    child.on('exit', () => finish(null));
    child.on('error', () => finish(null));
  });
  if (!ready) {
    await cleanup();
    return `chasqui serve did not log server.ready within 30 s${stderr ? `: ${stderr.trim()}` : ''}`;
  }
  const listeners = (ready['listeners'] ?? []) as { name: string; port: number }[];
  const port = (name: string) => listeners.find((listener) => listener.name === name)?.port ?? 0;
  const url = `http://127.0.0.1:${String(port('http'))}`;
  const session = await fetch(`${url}/jmap/session`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!session || session.status === 404) {
    await cleanup();
    return '/jmap/session is unavailable on the running server: end-to-end tests are skipped';
  }
  return {
    url,
    smtpPort: port('smtp'),
    process: child,
    data,
    addUser(email, password, name) {
      const result = spawnSync(
        process.execPath,
        [
          bin,
          'user',
          'add',
          email,
          '--password',
          password,
          ...(name ? ['--name', name] : []),
          '--data',
          data,
        ],
        { cwd: REPO, env, stdio: 'inherit', timeout: 20_000, killSignal: 'SIGKILL' },
      );
      if (result.status !== 0) {
        throw new Error(
          `chasqui user add ${email} failed (${String(result.status ?? result.signal ?? result.error)})`,
        );
      }
    },
    errorLog: () => [...errors],
    stop: cleanup,
  };
}
