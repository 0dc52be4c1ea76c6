// Browser tests in headless Debian chromium. Run: npm run e2e -w @chasqui/webmail (after build).
// The first suite needs only dist/ (a JMAP stub answers); the second needs the real server
// and skips with a message until packages/protocols/jmap exists (under CI=true that is a failure).
// Nothing may hang: every Playwright wait has PAGE_TIMEOUT, every test and hook a node:test
// timeout, and the browser and the server child are closed in after/finally.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, serveDist, startRealServer, type RealServer } from './harness.ts';
import { stubJmap } from './stub-jmap.ts';
import { hostileCorpus } from '../src/mail/hostile-corpus.ts';

mkdirSync(ARTIFACTS, { recursive: true });

const PAGE_TIMEOUT = 10_000;
const TEST_TIMEOUT = 75_000;
const CI = process.env['CI'] === 'true';

async function newPage(browser: Browser, options?: Parameters<Browser['newPage']>[0]): Promise<Page> {
  const page = await browser.newPage(options);
  page.setDefaultTimeout(PAGE_TIMEOUT);
  return page;
}

/** `date` as the value of a datetime-local input (local time, with seconds). */
function localDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Records what must never happen: requests off the test host, dialogs, CSP violations. */
function watch(page: Page, allowedOrigin: string) {
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

describe('webmail build under the production CSP (JMAP stub)', () => {
  let browser: Browser | undefined;
  let base: string;
  const state = { loggedIn: false };
  let close: () => void = () => undefined;

  before(
    async () => {
      const served = await serveDist(stubJmap(state));
      base = served.url;
      close = () => {
        served.server.closeAllConnections();
        served.server.close();
      };
      browser = await launchBrowser();
    },
    { timeout: 45_000 },
  );
  after(
    async () => {
      try {
        await browser?.close();
      } finally {
        close();
      }
    },
    { timeout: 15_000 },
  );

  it(
    'shows a clear Spanish message for wrong password, lock-out and expired password',
    { timeout: TEST_TIMEOUT },
    async () => {
      state.loggedIn = false;
      assert.ok(browser);
      const page = await newPage(browser);
      const seen = watch(page, base);
      await page.goto(base);
      const tryLogin = async (user: string, password: string) => {
        await page.getByLabel('Correo electrónico').fill(user);
        await page.getByLabel('Contraseña').fill(password);
        await page.getByRole('button', { name: 'Ingresar' }).click();
        return (await page.getByRole('alert').textContent()) ?? '';
      };
      assert.match(await tryLogin('ana@example.test', 'mala'), /contraseña no son correctos/);
      assert.match(await tryLogin('locked@example.test', 'x'), /bloqueada.*5 min/);
      assert.match(await tryLogin('expired@example.test', 'x'), /ha caducado/);
      await page.screenshot({ path: join(ARTIFACTS, 'login-error.png') });
      await page.getByLabel('Idioma').selectOption('en');
      assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 1);
      await page.getByLabel('Language').selectOption('es-PE');
      assert.deepEqual(seen.csp, []);
      await page.close();
    },
  );

  it(
    'renders every hostile mail without running script or contacting another host',
    { timeout: TEST_TIMEOUT },
    async () => {
      state.loggedIn = false;
      assert.ok(browser);
      const page = await newPage(browser, { viewport: { width: 1366, height: 860 } });
      const seen = watch(page, base);
      await page.goto(base);
      await page.getByLabel('Correo electrónico').fill('ana@example.test');
      await page.getByLabel('Contraseña').fill('ok');
      await page.getByRole('button', { name: 'Ingresar' }).click();
      await page.getByRole('listbox').waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'mail-view.png') });
      for (const [index, attack] of Object.keys(hostileCorpus).entries()) {
        // The list is virtualised: scroll the row into existence first.
        await page.getByRole('listbox').evaluate((el, top) => {
          el.scrollTop = top;
        }, index * 64);
        await page.getByRole('option', { name: new RegExp(`Ataque: ${attack}(?![-\\w])`) }).click();
        const frame = page.frameLocator('iframe.message-frame');
        await frame.locator('body').waitFor({ state: 'attached' });
        await page.waitForTimeout(150);
        if (attack === 'remote-image')
          await page.screenshot({ path: join(ARTIFACTS, 'reader-remote-blocked.png') });
      }
      assert.deepEqual(seen.dialogs, [], 'no alert/confirm may open');
      assert.deepEqual(seen.offHost, [], 'no request may leave to another host');
      const sandbox = await page.locator('iframe.message-frame').getAttribute('sandbox');
      assert.ok(sandbox && !sandbox.includes('allow-scripts'));
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: join(ARTIFACTS, 'phone-reader.png') });
      await page.getByRole('button', { name: /Volver/ }).click();
      await page.screenshot({ path: join(ARTIFACTS, 'phone-list.png') });
      await page.setViewportSize({ width: 1366, height: 860 });
      await page.getByRole('button', { name: 'Nuevo mensaje' }).click();
      await page.getByRole('textbox', { name: 'Cuerpo del mensaje' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'compose.png') });
      // CSP reports are kept for review, not failed on: the mail frame's inline styles are
      // blocked by design (a CSSOM pass re-applies the sanitised ones), and a blocked action did not run.
      writeFileSync(join(ARTIFACTS, 'csp-report.txt'), seen.csp.join('\n'));
      await page.close();
    },
  );
});

describe('webmail against a real Chasqui server', () => {
  let server: RealServer | string = 'not started';
  before(
    async () => {
      server = await startRealServer();
    },
    { timeout: 50_000 },
  );
  after(
    async () => {
      if (typeof server !== 'string') await server.stop();
    },
    { timeout: 15_000 },
  );

  it(
    'two users: send with attachment, tag and signature; live arrival; reply; draft survives reload; scheduled and cancelled sends',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      if (typeof server === 'string') {
        // In CI the server must start: a skip there would hide a broken server or harness.
        if (CI) assert.fail(`the real-server suite cannot be skipped under CI=true: ${server}`);
        t.skip(server);
        console.log(`# skipped: ${server}`);
        return;
      }
      const real = server;
      real.addUser('ana@example.test', 'Llave-Rio-2025!');
      real.addUser('luis@example.test', 'Llave-Sol-2025!');
      const browser = await launchBrowser();
      try {
        const ana = await newPage(browser);
        const luis = await newPage(browser);
        const login = async (page: Page, user: string, password: string) => {
          await page.goto(real.url);
          await page.getByLabel('Correo electrónico').fill(user);
          await page.getByLabel('Contraseña').fill(password);
          await page.getByRole('button', { name: 'Ingresar' }).click();
          await page.getByRole('listbox').waitFor();
        };
        await login(ana, 'ana@example.test', 'Llave-Rio-2025!');
        await login(luis, 'luis@example.test', 'Llave-Sol-2025!');
        // Ana composes with an attachment and sends.
        await ana.getByRole('button', { name: 'Nuevo mensaje' }).click();
        await ana.getByRole('combobox', { name: 'Para' }).fill('luis@example.test');
        await ana.getByLabel('Asunto').fill('Informe mensual');
        await ana.getByRole('textbox', { name: 'Cuerpo del mensaje' }).fill('Adjunto el informe.');
        await ana
          .getByLabel('Adjuntar archivos')
          .setInputFiles({ name: 'informe.txt', mimeType: 'text/plain', buffer: Buffer.from('datos') });
        await ana.getByText('informe.txt').waitFor();
        await ana.getByRole('dialog').getByRole('button', { name: 'Enviar', exact: true }).click();
        // Luis sees it without reloading, within a second of delivery.
        const start = Date.now();
        await luis.getByRole('option', { name: /Informe mensual/ }).waitFor({ timeout: 5000 });
        assert.ok(Date.now() - start < 5000);
        await luis.screenshot({ path: join(ARTIFACTS, 'real-arrival.png') });
        await luis.getByRole('option', { name: /Informe mensual/ }).click();
        await luis.getByRole('button', { name: 'Responder', exact: true }).click();
        // Scoped and exact: a bare 'Enviar' also matches the reader's 'Reenviar' (forward).
        const reply = luis.getByRole('dialog', { name: 'RE: Informe mensual' });
        await reply.getByRole('button', { name: 'Enviar', exact: true }).click();
        await reply.waitFor({ state: 'detached' });
        await luis.screenshot({ path: join(ARTIFACTS, 'real-reply-sent.png') });
        await ana.getByRole('option', { name: /RE: Informe mensual/ }).waitFor({ timeout: 5000 });
        // A draft survives a reload.
        await ana.getByRole('button', { name: 'Nuevo mensaje' }).click();
        await ana.getByLabel('Asunto').fill('Borrador persistente');
        await ana.getByText(/Borrador guardado/).waitFor({ timeout: 5000 });
        await ana.reload();
        await ana.getByRole('button', { name: /Borradores/ }).click();
        await ana.getByRole('option', { name: /Borrador persistente/ }).waitFor();
        await ana.getByRole('button', { name: /Bandeja de entrada/ }).click();
        // Scheduled sends: one is cancelled from "Programados" and never arrives, the other
        // arrives at its time. sendAt has a margin over the time it takes to fill the form,
        // since a sendAt already past is sent at once.
        const schedule = async (subject: string, at: Date) => {
          // The previous toast sits over the compose's buttons for a few seconds: close it.
          const toasts = ana.locator('.toasts').getByRole('button', { name: 'Cerrar' });
          for (let i = 0; i < 5 && (await toasts.count()) > 0; i++) {
            // It may also close itself meanwhile.
            await toasts
              .first()
              .click({ timeout: 1000 })
              .catch(() => undefined);
          }
          await ana.getByRole('button', { name: 'Nuevo mensaje' }).click();
          const dialog = ana.getByRole('dialog', { name: 'Nuevo mensaje' });
          await dialog.getByRole('combobox', { name: 'Para' }).fill('luis@example.test');
          await dialog.getByLabel('Asunto').fill(subject);
          await dialog.getByLabel('Enviar el').fill(localDateTime(at));
          assert.ok(at.getTime() - Date.now() > 2000, `too slow to schedule "${subject}" before its time`);
          await dialog.getByRole('button', { name: 'Programar envío', exact: true }).click();
          await dialog.waitFor({ state: 'detached' });
        };
        const cancelledAt = new Date(Date.now() + 12_000);
        await schedule('Programado cancelado', cancelledAt);
        const scheduledAt = new Date(Date.now() + 6000);
        await schedule('Programado a tiempo', scheduledAt);
        await ana.getByRole('button', { name: 'Programados' }).click();
        const pending = ana.getByRole('region', { name: 'Envíos programados' });
        const cancelled = pending.getByRole('listitem').filter({ hasText: 'Programado cancelado' });
        await pending.getByRole('listitem').filter({ hasText: 'Programado a tiempo' }).waitFor();
        await cancelled.getByRole('button', { name: 'Cancelar envío' }).click();
        await cancelled.waitFor({ state: 'detached' });
        await ana.screenshot({ path: join(ARTIFACTS, 'real-scheduled.png') });
        assert.ok(Date.now() < cancelledAt.getTime() - 1000, 'the cancel must happen before its sendAt');
        await luis
          .getByRole('option', { name: /Programado a tiempo/ })
          .waitFor({ timeout: scheduledAt.getTime() - Date.now() + 8000 });
        // Second resolution of the form and one scheduler tick of slack.
        assert.ok(Date.now() >= scheduledAt.getTime() - 1000, 'a scheduled message must not arrive early');
        // Past the cancelled one's time: not at Luis, and no longer pending.
        await luis.waitForTimeout(Math.max(0, cancelledAt.getTime() + 4000 - Date.now()));
        assert.equal(await luis.getByRole('option', { name: /Programado cancelado/ }).count(), 0);
        await ana.getByRole('button', { name: /Bandeja de entrada/ }).click();
        await ana.getByRole('button', { name: 'Programados' }).click();
        await pending.getByText('No hay envíos programados.').waitFor();
      } catch (error) {
        // What each page showed when the test failed, for the report.
        for (const [index, page] of browser
          .contexts()
          .flatMap((c) => c.pages())
          .entries()) {
          await page
            .screenshot({ path: join(ARTIFACTS, `real-failure-${String(index)}.png`), timeout: 5000 })
            .catch(() => undefined);
        }
        throw error;
      } finally {
        await browser.close();
      }
    },
  );
});
