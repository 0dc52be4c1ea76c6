// Mail a user sends through SMTP submission teaches the webmail's autocomplete whom they write
// to (with the display names of To/Cc, Bcc by address); mail arriving at the MX teaches nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends, useBackend } from '@chasqui/testkit';
import { startVacationServer, type VacationServer } from './vacation-harness.js';

for (const backend of testBackends) {
  describe(`recipient history from SMTP submission (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;
    let server: VacationServer;
    let ana = 0;

    before(async () => {
      if (skip) return;
      const { store, clock } = under.opened;
      server = await startVacationServer(store, clock);
      ana = await server.addUser('ana@example.test', 'Ana Pérez');
    });
    after(async () => {
      if (!skip) await server.stop();
    });

    it('records To, Cc and Bcc recipients with their names, ranked by use', { skip }, async () => {
      for (let i = 0; i < 2; i++)
        await server.submit('ana@example.test', {
          from: 'ana@example.test',
          to: '"Núñez, José" <jose.nunez@far.test>',
          cc: '=?UTF-8?Q?Mar=C3=ADa_Quispe?= <maria@far.test>',
          bcc: 'oculto@far.test',
          subject: `Informe ${String(i)}`,
          text: 'Adjunto el informe.',
        });
      const jose = await server.mail.recipients.search(ana, 'jose', 10);
      assert.deepEqual(
        jose.map(({ email, name, uses }) => ({ email, name, uses })),
        [{ email: 'jose.nunez@far.test', name: 'Núñez, José', uses: 2 }],
      );
      const [maria] = await server.mail.recipients.search(ana, 'maria', 10);
      assert.equal(maria?.name, 'María Quispe');
      const [hidden] = await server.mail.recipients.search(ana, 'oculto', 10);
      assert.equal(hidden?.email, 'oculto@far.test');
      assert.equal(hidden?.name, null);
    });

    it('learns nothing from mail received at the MX', { skip }, async () => {
      await server.receive({
        from: 'luis@far.test',
        to: 'ana@example.test',
        cc: 'tercero@far.test',
        subject: 'Hola',
        text: 'Hola Ana',
      });
      assert.deepEqual(await server.mail.recipients.search(ana, 'tercero', 10), []);
    });
  });
}
