// Page helpers shared by the browser suites: pages with bounded waits, a watcher of what must
// never happen (off-host requests, dialogs, CSP violations), login, and the screenshot folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS } from './harness.ts';

mkdirSync(ARTIFACTS, { recursive: true });

export const PAGE_TIMEOUT = 10_000;
export const TEST_TIMEOUT = 75_000;
export const CI = process.env['CI'] === 'true';

export async function newPage(browser: Browser, options?: Parameters<Browser['newPage']>[0]): Promise<Page> {
  const page = await browser.newPage(options);
  page.setDefaultTimeout(PAGE_TIMEOUT);
  return page;
}

/** `date` as the value of a datetime-local input (local time, with seconds). */
export function localDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Records what must never happen: requests off the test host, dialogs, CSP violations. */
export function watch(page: Page, allowedOrigin: string) {
  const offHost: string[] = [];
  const dialogs: string[] = [];
  const csp: string[] = [];
  void page.route('**/*', (route) => {
    const url = route.request().url();
    if (
      url.startsWith(allowedOrigin) ||
      url.startsWith('blob:') ||
      url.startsWith('data:') ||
      url.startsWith('about:')
    )
      return route.continue();
    offHost.push(url);
    return route.abort();
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text());
  });
  return { offHost, dialogs, csp };
}

/** Logs in through the form and waits for the message list. */
export async function login(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Correo electrónico').fill(user);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('listbox', { name: /mensajes/ }).waitFor();
}

/** Saves a screenshot of `page` as e2e/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Retries `check` (an assertion) every 25 ms until it passes or PAGE_TIMEOUT runs out. */
export async function eventually(check: () => void): Promise<void> {
  const deadline = Date.now() + PAGE_TIMEOUT;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
