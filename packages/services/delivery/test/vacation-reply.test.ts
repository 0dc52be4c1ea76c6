// Vacation auto-replies end to end (RFC 3834, RFC 5230): real SMTP into the MX and submission
// listeners, the reply read back from the outbound queue (remote senders) or the local sender's
// INBOX, on every store backend.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SendMailOptions } from 'nodemailer';
import type { Logger } from '@chasqui/core';
import type { Stage } from '@chasqui/delivery';
import { decodeEncodedWords, findBodyStart, headerValue, parseHeaderFields } from '@chasqui/mail';
import type { Store } from '@chasqui/store';
import { testBackends, useBackend, type DnsTable } from '@chasqui/testkit';
import { startVacationServer, type VacationServer } from './vacation-harness.js';

const day = 86_400_000;
/** forged.test allows no server to send its mail: what comes from it fails SPF. */
const dns: DnsTable = { 'forged.test TXT': [['v=spf1 -all']] };
let sequence = 0;

/** A message from `from` to Ana, unique per call. */
function toAna(from: string, extra: SendMailOptions = {}): SendMailOptions & { from: string } {
  sequence++;
  return {
    to: 'Ana Pérez <ana@example.test>',
    subject: `Consulta ${sequence}`,
    messageId: `<consulta-${sequence}@far.test>`,
    text: 'Buenos días, ¿podemos reunirnos el martes?',
    ...extra,
    from,
  };
}

function headersOf(raw: Buffer) {
  return parseHeaderFields(raw, 0, findBodyStart(raw, 0, raw.length));
}

/** Queued messages whose only recipient is `sender`, with their bytes. */
async function queuedTo(store: Store, sender: string) {
  const entries = (await store.outboundQueue.list(1000)).filter((e) =>
    e.recipients.some((r) => r.address.toLowerCase() === sender.toLowerCase()),
  );
  return Promise.all(
    entries.map(async (entry) => ({
      entry,
      raw: Buffer.from((await store.outboundQueue.raw(entry.id)) ?? []),
    })),
  );
}

/** Marks mail whose subject says SPAM as quarantined, as a spam classifier would. */
const spamClassifier: Stage = {
  name: 'test-spam',
  run(context) {
    if (context.parsed.subject.includes('SPAM')) context.verdict = 'quarantine';
    return Promise.resolve();
  },
};

function recordingLogger(events: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_fields, message) => events.push(message),
    error: (_fields, message) => events.push(message),
    child: () => logger,
  };
  return logger;
}

for (const backend of testBackends) {
  describe(`vacation auto-reply (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;
    let server: VacationServer;

    before(async () => {
      if (skip) return;
      const { store, clock } = under.opened;
      server = await startVacationServer(store, clock, { classifiers: [spamClassifier], dns });
      const ana = await server.addUser('ana@example.test', 'Ana Pérez');
      await server.addUser('carla@example.test', 'Carla Quispe');
      await server.directory.addAlias('ventas@example.test', ['ana@example.test']);
      await server.delivery.ensureDkimKeys('example.test');
      await store.vacationResponses.update(ana, { isEnabled: true, textBody: 'Vuelvo el lunes 8.' });
    });
    after(async () => {
      if (!skip) await server.stop();
    });

    async function receive(message: SendMailOptions): Promise<void> {
      await server.receive(message);
      await server.delivery.drain();
    }

    it(
      'queues one reply to a remote sender, with <> envelope, RFC 3834 headers and DKIM',
      { skip },
      async () => {
        const original = toAna('Luis Rojas <luis@far.test>', {
          cc: 'ventas@example.test',
          references: '<raiz@far.test>',
        });
        await receive(original);
        const replies = await queuedTo(server.store, 'luis@far.test');
        assert.equal(replies.length, 1, 'one reply although Ana was named twice');
        const [{ entry, raw }] = replies as [(typeof replies)[number]];
        assert.equal(entry.mailFrom, '', 'RFC 3834 §3.3: the null reverse-path');
        const fields = headersOf(raw);
        const header = (name: string) => decodeEncodedWords(headerValue(fields, name) ?? '');
        assert.equal(header('from'), 'Ana Pérez <ana@example.test>');
        assert.equal(header('to'), 'luis@far.test');
        assert.equal(header('subject'), `Respuesta automática: ${String(original.subject)}`);
        assert.equal(headerValue(fields, 'in-reply-to'), original.messageId);
        assert.equal(headerValue(fields, 'references'), `<raiz@far.test> ${String(original.messageId)}`);
        assert.equal(headerValue(fields, 'auto-submitted'), 'auto-replied');
        assert.match(headerValue(fields, 'message-id') ?? '', /^<.+@example\.test>$/);
        assert.ok(headerValue(fields, 'date'));
        assert.match(headerValue(fields, 'dkim-signature') ?? '', /d=example\.test/);
        assert.match(raw.toString('utf8'), /Vuelvo el lunes 8\./);
        const log = await server.store.messageLog.search({ address: 'luis@far.test', direction: 'outbound' });
        assert.equal(log.length, 1);
        assert.equal(log[0]?.mailFrom, '');
        assert.equal(
          (await server.inbox('ana@example.test')).filter((m) => m.includes(String(original.messageId)))
            .length,
          1,
        );
      },
    );

    it('answers from the alias the mail was sent to', { skip }, async () => {
      await receive(toAna('marta@far.test', { to: 'ventas@example.test' }));
      const [reply] = await queuedTo(server.store, 'marta@far.test');
      assert.ok(reply);
      assert.match(headerValue(headersOf(reply.raw), 'from') ?? '', /<ventas@example\.test>$/);
    });

    it('answers a sender once per 7 days, and at once when the text changes', { skip }, async () => {
      const { clock, store } = under.opened;
      await receive(toAna('rosa@far.test'));
      await receive(toAna('rosa@far.test'));
      assert.equal((await queuedTo(store, 'rosa@far.test')).length, 1, 'no second reply within the period');
      clock.advance(7 * day);
      await receive(toAna('rosa@far.test'));
      assert.equal((await queuedTo(store, 'rosa@far.test')).length, 2, 'a period later');
      const account = await store.accounts.getByAddress('ana@example.test');
      await store.vacationResponses.update(account!.id, { textBody: 'Vuelvo el martes 9.' });
      await receive(toAna('rosa@far.test'));
      const replies = await queuedTo(store, 'rosa@far.test');
      assert.equal(replies.length, 3, 'a changed response resets the tracking');
      assert.ok(replies.some(({ raw }) => raw.toString('utf8').includes('Vuelvo el martes 9.')));
    });

    const silentCases: [string, SendMailOptions & { from: string }][] = [
      [
        'list mail (List-Id)',
        toAna('pedro@far.test', { headers: { 'List-Id': 'Anuncios <anuncios.far.test>' } }),
      ],
      ['List-Unsubscribe', toAna('pablo@far.test', { list: { unsubscribe: 'https://far.test/salir' } })],
      ['Precedence: bulk', toAna('paula@far.test', { headers: { Precedence: 'bulk' } })],
      [
        'Auto-Submitted: auto-generated',
        toAna('pia@far.test', { headers: { 'Auto-Submitted': 'auto-generated' } }),
      ],
      [
        'X-Auto-Response-Suppress: OOF',
        toAna('pepe@far.test', { headers: { 'X-Auto-Response-Suppress': 'OOF' } }),
      ],
      ['Bcc-only delivery', toAna('pilar@far.test', { to: 'equipo@far.test', bcc: 'ana@example.test' })],
      ['a noreply sender', toAna('No-Reply@far.test')],
      ['MAILER-DAEMON', toAna('MAILER-DAEMON@far.test')],
      ['a list owner', toAna('owner-anuncios@far.test')],
      ['spam (quarantined by a classifier)', toAna('promo@far.test', { subject: 'SPAM gane premios' })],
    ];
    for (const [name, message] of silentCases) {
      it(`stays silent for ${name}`, { skip }, async () => {
        const before = (await server.inbox('ana@example.test')).length;
        await receive(message);
        const sender = message.from;
        assert.deepEqual(await queuedTo(server.store, sender), []);
        if (!name.startsWith('spam'))
          assert.equal((await server.inbox('ana@example.test')).length, before + 1);
      });
    }

    it('stays silent for a sender that fails SPF (backscatter)', { skip }, async () => {
      await receive(toAna('victima@forged.test'));
      assert.deepEqual(await queuedTo(server.store, 'victima@forged.test'), []);
      const [stored] = (await server.inbox('ana@example.test')).filter((m) =>
        m.includes('victima@forged.test'),
      );
      assert.match(stored ?? '', /spf=fail/);
    });

    it('stays silent for the null reverse-path', { skip }, async () => {
      const before = (await server.store.outboundQueue.list(1000)).length;
      await receive(toAna('notificador@far.test', { envelope: { from: '', to: 'ana@example.test' } }));
      assert.equal((await server.store.outboundQueue.list(1000)).length, before);
    });

    it('stays silent outside [fromDate, toDate)', { skip }, async () => {
      const { clock, store } = under.opened;
      const later = await server.addUser('beto@example.test', 'Beto');
      const earlier = await server.addUser('dora@example.test', 'Dora');
      await store.vacationResponses.update(later, {
        isEnabled: true,
        fromDate: clock.now() + day,
        textBody: 'x',
      });
      await store.vacationResponses.update(earlier, {
        isEnabled: true,
        toDate: clock.now() - 1,
        textBody: 'x',
      });
      await receive(toAna('tomas@far.test', { to: 'beto@example.test, dora@example.test' }));
      assert.deepEqual(await queuedTo(store, 'tomas@far.test'), []);
      assert.equal((await server.inbox('beto@example.test')).length, 1);
    });

    it(
      'delivers the reply to a local sender’s INBOX, and vacations do not answer each other',
      { skip },
      async () => {
        const { store } = under.opened;
        const carla = await store.accounts.getByAddress('carla@example.test');
        await store.vacationResponses.update(carla!.id, { isEnabled: true, textBody: 'Carla de viaje.' });
        const message = toAna('carla@example.test');
        await server.submit('carla@example.test', message);
        await server.delivery.drain();
        const replies = (await server.inbox('carla@example.test')).filter((m) =>
          /^Auto-Submitted: auto-replied/m.test(m),
        );
        assert.equal(replies.length, 1);
        assert.match(replies[0] ?? '', new RegExp(`^In-Reply-To: ${String(message.messageId)}`, 'm'));
        assert.match(replies[0] ?? '', /^From: .*<ana@example\.test>/m);
        assert.equal(
          (await server.inbox('ana@example.test')).filter((m) => m.includes('Carla de viaje.')).length,
          0,
        );
        assert.deepEqual(await queuedTo(store, 'carla@example.test'), []);
      },
    );

    it('does not answer the account’s own submissions', { skip }, async () => {
      const before = (await server.inbox('ana@example.test')).length;
      await server.submit('ana@example.test', toAna('ana@example.test', { to: 'ventas@example.test' }));
      await server.delivery.drain();
      const inbox = await server.inbox('ana@example.test');
      assert.equal(inbox.length, before + 1);
      assert.equal(inbox.filter((m) => /^Auto-Submitted: auto-replied/m.test(m)).length, 0);
    });

    it('delivers (250) when the vacation lookup fails, and logs the failure', { skip }, async () => {
      const { store, clock } = under.opened;
      const events: string[] = [];
      const broken: Store = {
        ...store,
        vacationResponses: {
          ...store.vacationResponses,
          get: () => Promise.reject(new Error('disk on fire')),
        },
      };
      const second = await startVacationServer(broken, clock, { logger: recordingLogger(events) });
      try {
        const message = toAna('ugo@far.test');
        await second.receive(message);
        await second.delivery.drain();
        assert.equal(
          (await server.inbox('ana@example.test')).filter((m) => m.includes(String(message.messageId)))
            .length,
          1,
        );
        assert.deepEqual(await queuedTo(store, 'ugo@far.test'), []);
        assert.ok(events.includes('delivery.vacation_failed'));
      } finally {
        await second.stop();
      }
    });

    it('never delays the 250: delivery completes while the vacation lookup hangs', { skip }, async () => {
      const { store, clock } = under.opened;
      let release: () => void = () => undefined;
      const lookupHeld = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow: Store = {
        ...store,
        vacationResponses: {
          ...store.vacationResponses,
          get: async (accountId) => {
            await lookupHeld;
            return store.vacationResponses.get(accountId);
          },
        },
      };
      const second = await startVacationServer(slow, clock);
      try {
        const message = toAna('vera@far.test');
        await second.receive(message);
        const inbox = await server.inbox('ana@example.test');
        assert.equal(inbox.filter((m) => m.includes(String(message.messageId))).length, 1);
        assert.deepEqual(await queuedTo(store, 'vera@far.test'), [], 'the reply is still waiting');
        release();
        await second.delivery.drain();
        assert.equal((await queuedTo(store, 'vera@far.test')).length, 1, 'and goes out afterwards');
      } finally {
        release();
        await second.stop();
      }
    });
  });
}
