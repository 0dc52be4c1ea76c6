// Browser test against a real `chasqui serve`: two users, preferences kept on the server, GAL
// autocomplete, live delivery, reply, spam, drafts and scheduled sends. It skips with a message
// until packages/protocols/jmap exists; under CI=true that is a failure.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startRealServer, type RealServer } from './harness.ts';
import { CI, localDateTime, login, newPage, shot } from './pages.ts';

const ANA = { email: 'ana@example.test', password: 'Llave-Rio-2025!', name: 'Ana Quispe' };
const LUIS = { email: 'luis@example.test', password: 'Llave-Sol-2025!', name: 'José Luis Pérez Ñahui' };
const FORMAL = 'Atentamente,\nAna Quispe\nSubgerencia de Informática';

/** Ana's settings: a coloured tag and two named signatures, kept in the server's Preferences. */
async function setUpPreferences(ana: Page): Promise<void> {
  await ana.getByRole('button', { name: 'Configuración' }).click();
  const settings = ana.getByRole('dialog', { name: 'Configuración' });
  await settings.getByLabel('Nueva etiqueta').fill('Urgente');
  await settings.getByRole('radio', { name: '#b3261e' }).last().check();
  await settings.getByRole('button', { name: 'Crear etiqueta' }).click();
  await settings.getByRole('group', { name: 'Color de Urgente' }).waitFor();
  for (const [name, text] of [
    ['Breve', 'Saludos, Ana'],
    ['Formal', FORMAL],
  ] as const) {
    await settings.getByRole('button', { name: 'Agregar firma' }).click();
    await settings
      .getByRole('group', { name: 'Firma sin nombre' })
      .getByLabel('Nombre de la firma')
      .fill(name);
    await settings.getByRole('group', { name, exact: true }).getByLabel('Texto de la firma').fill(text);
  }
  await settings.getByLabel(`Firma predeterminada para ${ANA.email}`).selectOption({ label: 'Breve' });
  await shot(ana, 'real-settings');
  await settings.getByRole('button', { name: 'Guardar' }).click();
  await settings.waitFor({ state: 'detached' });
}

/**
 * Ana writes to Luis, found in the GAL by typing part of his name without accents, attaches a
 * file, picks the "Formal" signature over her default "Breve", tags the message "Urgente" (the
 * keyword is set on the draft and stays on her sent copy) and sends. Resolves when sent.
 */
async function sendReport(ana: Page): Promise<void> {
  await ana.getByRole('button', { name: 'Nuevo mensaje' }).click();
  const compose = ana.getByRole('dialog', { name: 'Nuevo mensaje' });
  const signature = compose.getByRole('combobox', { name: /^Firma/ });
  assert.equal(await signature.locator('option:checked').textContent(), 'Breve');
  const to = compose.getByRole('combobox', { name: 'Para' });
  await to.pressSequentially('perez');
  const option = compose.getByRole('option', { name: new RegExp(LUIS.name) });
  await option.getByText('Directorio').waitFor();
  await to.press('Enter');
  assert.equal(await to.inputValue(), `${LUIS.name} <${LUIS.email}>, `);
  await compose.getByLabel('Asunto').fill('Informe mensual');
  await compose.getByRole('textbox', { name: 'Cuerpo del mensaje' }).fill('Adjunto el informe.');
  await compose
    .getByLabel('Adjuntar archivos')
    .setInputFiles({ name: 'informe.txt', mimeType: 'text/plain', buffer: Buffer.from('datos') });
  await compose.getByText('informe.txt').waitFor();
  await signature.selectOption({ label: 'Formal' });
  await compose.getByRole('checkbox', { name: 'Urgente' }).check();
  await shot(ana, 'real-composer');
  await compose.getByRole('button', { name: 'Enviar', exact: true }).click();
  await compose.waitFor({ state: 'detached' });
}

/** Luis reads the message (signature and attachment), replies, then reports it as spam. */
async function readReplyAndReportSpam(luis: Page): Promise<void> {
  await luis.getByRole('option', { name: /Informe mensual/ }).click();
  const body = luis.frameLocator('iframe.message-frame').locator('body');
  await body.getByText('Subgerencia de Informática').waitFor();
  await luis.getByRole('region', { name: 'Informe mensual' }).getByText('informe.txt').waitFor();
  await shot(luis, 'real-reader');
  await luis.getByRole('button', { name: 'Responder', exact: true }).click();
  // Scoped and exact: a bare 'Enviar' also matches the reader's 'Reenviar' (forward).
  const reply = luis.getByRole('dialog', { name: 'RE: Informe mensual' });
  await reply.getByRole('button', { name: 'Enviar', exact: true }).click();
  await reply.waitFor({ state: 'detached' });
  await luis.getByRole('option', { name: /Informe mensual/ }).click();
  await luis
    .getByRole('region', { name: 'Informe mensual' })
    .getByRole('button', { name: 'Es spam' })
    .click();
  await luis.getByRole('option', { name: /Informe mensual/ }).waitFor({ state: 'detached' });
  await luis.getByRole('button', { name: /^Spam/ }).click();
  await luis.getByRole('option', { name: /Informe mensual/ }).waitFor();
  await shot(luis, 'real-junk');
  await luis.getByRole('button', { name: /Bandeja de entrada/ }).click();
}

/**
 * Scheduled sends: one is cancelled from "Programados" and never arrives, the other arrives at
 * its time. sendAt has a margin over the time it takes to fill the form, since a sendAt already
 * past is sent at once.
 */
async function scheduledSends(ana: Page, luis: Page): Promise<void> {
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
    await dialog.getByRole('combobox', { name: 'Para' }).fill(LUIS.email);
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
  await shot(ana, 'real-scheduled');
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
}

/** What each page showed when the test failed, for the report. */
async function failureShots(browser: Browser): Promise<void> {
  for (const [index, page] of browser
    .contexts()
    .flatMap((c) => c.pages())
    .entries()) {
    await shot(page, `real-failure-${String(index)}`).catch(() => undefined);
  }
}

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
    'two users: tag, signature and GAL recipient; arrival within a second; reply; spam; draft survives reload; scheduled sends',
    { timeout: 150_000 },
    async (t) => {
      if (typeof server === 'string') {
        // In CI the server must start: a skip there would hide a broken server or harness.
        if (CI) assert.fail(`the real-server suite cannot be skipped under CI=true: ${server}`);
        t.skip(server);
        console.log(`# skipped: ${server}`);
        return;
      }
      const real = server;
      real.addUser(ANA.email, ANA.password, ANA.name);
      real.addUser(LUIS.email, LUIS.password, LUIS.name);
      const browser = await launchBrowser();
      try {
        const ana = await newPage(browser);
        const luis = await newPage(browser);
        await login(ana, real.url, ANA.email, ANA.password);
        await login(luis, real.url, LUIS.email, LUIS.password);
        await setUpPreferences(ana);
        await sendReport(ana);
        // Luis sees it without reloading, within a second of the send completing.
        const sent = Date.now();
        await luis.getByRole('option', { name: /Informe mensual/ }).waitFor({ timeout: 5000 });
        const arrivalMs = Date.now() - sent;
        assert.ok(arrivalMs <= 1000, `arrived after ${String(arrivalMs)} ms`);
        await shot(luis, 'real-arrival');
        // Ana's sent copy keeps its coloured tag.
        await ana.getByRole('button', { name: /^Enviados/ }).click();
        const sentCopy = ana.getByRole('option', { name: /Informe mensual/ });
        await sentCopy.locator('.tag', { hasText: 'Urgente' }).waitFor();
        await readReplyAndReportSpam(luis);
        await ana.getByRole('button', { name: /Bandeja de entrada/ }).click();
        await ana.getByRole('option', { name: /RE: Informe mensual/ }).waitFor({ timeout: 5000 });
        // The preferences live on the server: a reload keeps them, and so does a draft.
        await ana.getByRole('button', { name: 'Nuevo mensaje' }).click();
        await ana.getByLabel('Asunto').fill('Borrador persistente');
        await ana.getByText(/Borrador guardado/).waitFor({ timeout: 5000 });
        await ana.evaluate(() => localStorage.clear());
        await ana.reload();
        await ana.getByRole('button', { name: /Borradores/ }).click();
        await ana.getByRole('option', { name: /Borrador persistente/ }).waitFor();
        await ana.getByRole('button', { name: 'Filtrar por Urgente' }).waitFor();
        await ana.getByRole('button', { name: /Bandeja de entrada/ }).click();
        await scheduledSends(ana, luis);
      } catch (error) {
        await failureShots(browser);
        for (const line of real.errorLog()) console.log(`# server: ${line}`);
        throw error;
      } finally {
        await browser.close();
      }
    },
  );
});
