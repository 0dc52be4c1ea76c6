// What `npm run bench webmail` measures in Chromium, each timed inside the page on its own
// performance clock (no Playwright round trip in the figure): login to a usable inbox, opening
// the large folder, search, a fast scroll of the virtualised list, and the JavaScript loaded.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';

/** Milliseconds of server CPU (user + system) of one process, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  try {
    const fields =
      readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat(5), here 12 and 13 after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * A reader of the page's main-thread busy time in ms (Chrome's TaskDuration metric): the
 * browser-side CPU cost of a step, which a loaded machine does not inflate as it does wall time.
 */
export async function mainThreadMs(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
  };
}

/**
 * Resolves with the page time of the first frame at which the list shows rows of a new answer:
 * its label changed from the one markList() kept, and a row has content. Polled in the page
 * (not waitForFunction, whose string predicates the app's CSP refuses to eval).
 */
const ROWS_READY = `(async () => {
  const deadline = performance.now() + 60000;
  for (;;) {
    const list = document.querySelector('.list-scroll');
    const label = list?.getAttribute('aria-label') ?? '';
    if (list && label !== window.__benchBefore && !/^0 /.test(label) && list.querySelector('.row .row-subject'))
      return performance.now();
    if (performance.now() > deadline) throw new Error('the list did not show new rows within 60 s');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
})()`;

async function rowsReadyAt(page: Page): Promise<number> {
  return page.evaluate<number>(ROWS_READY);
}

/** Remembers the current list label, so ROWS_READY waits for a different one. */
async function markList(page: Page, label?: string): Promise<void> {
  await page.evaluate(
    label === undefined
      ? `window.__benchBefore = document.querySelector('.list-scroll')?.getAttribute('aria-label') ?? ''`
      : `window.__benchBefore = ${JSON.stringify(label)}`,
  );
}

/** Runs `action` (page script) right after reading the page clock; resolves with that time. */
async function startClock(page: Page, action: string): Promise<number> {
  return page.evaluate<number>(`(() => { const now = performance.now(); ${action}; return now; })()`);
}

export interface LoginResult {
  readonly ms: number;
  readonly jsGzipBytes: number;
  readonly jsFiles: number;
}

/**
 * Opens the login page in `context`, signs in and times submit → first inbox rows. Also sums
 * the gzipped size of every script the page loaded until then.
 */
export async function timeLogin(
  context: BrowserContext,
  url: string,
  user: { address: string; password: string },
): Promise<{ page: Page; result: LoginResult }> {
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (/javascript/.test(response.headers()['content-type'] ?? ''))
      scripts.push(
        response.body().then(
          (body) => gzipSync(body, { level: 9 }).length,
          () => 0,
        ),
      );
  });
  await page.goto(url);
  await page.getByLabel('Correo electrónico').fill(user.address);
  await page.getByLabel('Contraseña').fill(user.password);
  await markList(page, '');
  const started = await startClock(page, `document.querySelector('form').requestSubmit()`);
  const ready = await rowsReadyAt(page);
  const sizes = await Promise.all(scripts);
  const jsGzipBytes = sizes.reduce((a, b) => a + b, 0);
  return { page, result: { ms: ready - started, jsGzipBytes, jsFiles: sizes.length } };
}

/** From another folder, times a click on Inbox → its first rows. */
export async function timeOpenInbox(page: Page): Promise<number> {
  await page.getByRole('button', { name: /^Enviados/ }).click();
  await page.getByText('No hay mensajes aquí.').waitFor();
  await markList(page);
  const started = await startClock(
    page,
    `[...document.querySelectorAll('button')].find((b) => b.textContent.trim().startsWith('Bandeja de entrada')).click()`,
  );
  return (await rowsReadyAt(page)) - started;
}

/** Types `query` in the search box (operators allowed) and times submit → result rows. */
export async function timeSearch(page: Page, query: string): Promise<number> {
  const clear = page.getByRole('button', { name: 'Limpiar búsqueda' });
  if (await clear.count()) {
    await markList(page);
    await clear.click();
    await rowsReadyAt(page);
  }
  await page.locator('#search-input').fill(query);
  await markList(page);
  const started = await startClock(page, `document.querySelector('form[role=search]').requestSubmit()`);
  return (await rowsReadyAt(page)) - started;
}

export interface ScrollResult {
  readonly frames: number;
  readonly meanFrameMs: number;
  readonly p95FrameMs: number;
  readonly longFrames: number;
  readonly rowsCovered: number;
  /** After the last scroll step, until no placeholder row is left on screen. */
  readonly fillMs: number;
}

/**
 * A fling from row `startRow`: 1,600 px (25 rows) per frame for 150 frames (3,750 rows), then
 * waits for the rows to fill. Each run starts elsewhere, so no run lands on rows already loaded.
 */
const fling = (startRow: number) => `(async () => {
  const list = document.querySelector('.list-scroll');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  list.scrollTop = ${String(startRow * 64)};
  await frame();
  while (list.querySelector('.row-placeholder')) await frame();
  await frame();
  const gaps = [];
  let last = await frame();
  for (let i = 0; i < 150; i++) {
    list.scrollTop += 1600;
    const now = await frame();
    gaps.push(now - last);
    last = now;
  }
  const stopped = performance.now();
  while (list.querySelector('.row-placeholder')) await frame();
  const fillMs = performance.now() - stopped;
  gaps.sort((a, b) => a - b);
  return {
    frames: gaps.length,
    meanFrameMs: gaps.reduce((a, b) => a + b, 0) / gaps.length,
    p95FrameMs: gaps[Math.floor(gaps.length * 0.95)],
    longFrames: gaps.filter((g) => g > 50).length,
    rowsCovered: Math.round(list.scrollTop / 64) - ${String(startRow)},
    fillMs,
  };
})()`;

export function timeFastScroll(page: Page, startRow: number): Promise<ScrollResult> {
  return page.evaluate<ScrollResult>(fling(startRow));
}
