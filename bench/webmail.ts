// Webmail benchmark (`npm run bench webmail`): a real `chasqui serve` on SQLite whose account
// holds BENCH_WEBMAIL_MESSAGES (100,000) Inbox messages, driven by headless Chromium. Prints a
// Markdown table: JavaScript loaded for the mail view, login → usable inbox (cold and warm
// cache), opening the 100,000-message folder, search latency, and a fast scroll of the
// virtualised list, each over BENCH_WEBMAIL_RUNS runs (median and p95), with the server's CPU
// time. A measurement, never a pass/fail test.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startRealServer, type RealServer } from '../apps/webmail/e2e/harness.js';
import { cleanup, onCleanup } from './lib/servers.js';
import { seedWebmailAccount, type SeededAccount } from './lib/webmail-seed.js';
import {
  mainThreadMs,
  processCpuMs,
  timeFastScroll,
  timeLogin,
  timeOpenInbox,
  timeSearch,
  type ScrollResult,
} from './lib/webmail-measure.js';

const messages = Number(process.env['BENCH_WEBMAIL_MESSAGES'] ?? 100_000);
const runs = Math.max(2, Number(process.env['BENCH_WEBMAIL_RUNS'] ?? 5));
const repo = fileURLToPath(new URL('../', import.meta.url));
const SEARCHES: readonly [label: string, query: string][] = [
  ['full text, accentless ("informacion")', 'informacion'],
  ['full text, two words', 'reunion coordinacion'],
  ['from: sender', 'from:maria'],
  ['has attachment + text', 'tiene:adjunto presupuestal'],
];

interface Row {
  metric: string;
  values: number[];
  unit: string;
  target?: string;
  serverCpuMs?: number;
  browserCpuMs?: number;
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
};

/**
 * Runs `work` `runs` times, recording each value and the server CPU time it cost, and the
 * page's main-thread time when `browserMs` reads it.
 */
async function repeat(
  server: RealServer,
  work: (run: number) => Promise<number>,
  browserMs?: () => Promise<number>,
) {
  const pid = server.process.pid ?? 0;
  const values: number[] = [];
  const cpu: number[] = [];
  const browser: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = processCpuMs(pid);
    const browserBefore = browserMs ? await browserMs() : 0;
    values.push(await work(run));
    cpu.push(processCpuMs(pid) - before);
    if (browserMs) browser.push((await browserMs()) - browserBefore);
  }
  return {
    values,
    serverCpuMs: quantile(cpu, 0.5),
    ...(browserMs ? { browserCpuMs: quantile(browser, 0.5) } : {}),
  };
}

function ensureBuild(): void {
  if (existsSync(join(repo, 'apps/webmail/dist/index.html'))) return;
  console.error('building the webmail (apps/webmail/dist is missing)…');
  execFileSync('npm', ['run', 'build', '-w', '@chasqui/webmail'], { cwd: repo, stdio: 'inherit' });
}

async function measureLogins(browser: Browser, server: RealServer, user: SeededAccount) {
  const shipped: { bytes: number; files: number }[] = [];
  const cold = await repeat(server, async () => {
    const context = await browser.newContext();
    const { result } = await timeLogin(context, server.url, user);
    shipped.push({ bytes: result.jsGzipBytes, files: result.jsFiles });
    await context.close();
    return result.ms;
  });
  const context = await browser.newContext();
  onCleanup('browser context', async () => {
    await context.close();
  });
  await (await timeLogin(context, server.url, user)).page.close();
  const warm = await repeat(server, async () => {
    await context.clearCookies();
    const { page, result } = await timeLogin(context, server.url, user);
    await page.close();
    return result.ms;
  });
  await context.clearCookies();
  const { page } = await timeLogin(context, server.url, user);
  return { cold, warm, shipped: shipped[0] ?? { bytes: 0, files: 0 }, page };
}

async function measure(browser: Browser, server: RealServer, user: SeededAccount): Promise<Row[]> {
  const logins = await measureLogins(browser, server, user);
  const page: Page = logins.page;
  const rows: Row[] = [
    { metric: 'login → usable inbox, cold cache', unit: 'ms', ...logins.cold },
    { metric: 'login → usable inbox, warm cache', unit: 'ms', ...logins.warm },
  ];
  const browserMs = await mainThreadMs(page);
  const open = await repeat(server, () => timeOpenInbox(page), browserMs);
  rows.push({
    metric: `open the ${messages.toLocaleString('en')}-message Inbox`,
    unit: 'ms',
    target: '≤ 300',
    ...open,
  });
  for (const [label, query] of SEARCHES) {
    rows.push({
      metric: `search: ${label}`,
      unit: 'ms',
      ...(await repeat(server, () => timeSearch(page, query), browserMs)),
    });
  }
  await page.getByRole('button', { name: 'Limpiar búsqueda' }).click();
  await page.locator('.list-scroll .row .row-subject').first().waitFor();
  const scrolls: ScrollResult[] = [];
  const fill = await repeat(
    server,
    async (run) => {
      // Each fling starts 5,000 rows further down (wrapping inside the mailbox).
      const result = await timeFastScroll(page, (run * 5000) % Math.max(1, messages - 4000));
      scrolls.push(result);
      return result.fillMs;
    },
    browserMs,
  );
  rows.push(
    { metric: 'fast scroll: mean frame', unit: 'ms', values: scrolls.map((s) => s.meanFrameMs) },
    { metric: 'fast scroll: p95 frame', unit: 'ms', values: scrolls.map((s) => s.p95FrameMs) },
    {
      metric: 'fast scroll: frames > 50 ms (of 150)',
      unit: 'frames',
      values: scrolls.map((s) => s.longFrames),
    },
    {
      metric: `fast scroll: rows filled after the fling (${String(scrolls[0]?.rowsCovered ?? 0)} rows each)`,
      unit: 'ms',
      ...fill,
    },
  );
  rows.unshift({
    metric: `JavaScript loaded for the mail view (${String(logins.shipped.files)} files, gzip)`,
    unit: 'KB',
    target: '≤ 250',
    values: [logins.shipped.bytes / 1024],
  });
  return rows;
}

function print(rows: Row[], user: SeededAccount): void {
  const format = (n: number) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
  console.log(
    `\nWebmail benchmark: chasqui serve (SQLite), ${messages.toLocaleString('en')} Inbox messages (seeded in ${user.seedSeconds.toFixed(0)} s), headless Chromium, ${String(runs)} runs\n`,
  );
  console.log(
    '| measure | median | p95 | unit | target | server CPU ms (median per run) | browser main-thread ms (median per run) |',
  );
  console.log('|---|---:|---:|---|---|---:|---:|');
  const cell = (n: number | undefined) => (n === undefined ? '' : format(n));
  for (const row of rows) {
    console.log(
      `| ${row.metric} | ${format(quantile(row.values, 0.5))} | ${format(quantile(row.values, 0.95))} | ${row.unit} | ${row.target ?? ''} | ${cell(row.serverCpuMs)} | ${cell(row.browserCpuMs)} |`,
    );
  }
  console.log(
    '\nWall times include waiting for a shared CPU; the CPU columns are what each step cost (p95: nearest rank).',
  );
}

ensureBuild();
const dataDir = mkdtempSync('/var/tmp/chasqui-bench-webmail-');
onCleanup('data directory', () => {
  rmSync(dataDir, { recursive: true, force: true });
});
try {
  console.error(`seeding ${messages.toLocaleString('en')} messages in ${dataDir}…`);
  const user = await seedWebmailAccount(dataDir, messages);
  const server = await startRealServer({ dataDir });
  if (typeof server === 'string') throw new Error(server);
  onCleanup('chasqui serve', () => server.stop());
  const browser = await launchBrowser();
  onCleanup('chromium', () => browser.close());
  print(await measure(browser, server, user), user);
} finally {
  await cleanup();
}
