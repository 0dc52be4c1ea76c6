// A webmail-like corpus for the JMAP benchmark: Spanish subjects and senders with accents,
// threads of three messages, 10 % unread, a tag on 5 %, an attachment on one in seven,
// one in five messages also in a second mailbox, received times spread over ~3 years.
import { performance } from 'node:perf_hooks';
import { normaliseForIndex } from '@chasqui/mail';
import type { NewMessage, Store } from '@chasqui/store';
import { newMessage } from '@chasqui/testkit';

const senders = [
  'José Pérez <jose.perez@regionpiura.gob.pe>',
  'María Quispe Mamani <mquispe@regionpiura.gob.pe>',
  'Mesa de Partes <mesadepartes@regionpiura.gob.pe>',
  'Ángel Ñahui <angel.nahui@minedu.gob.pe>',
  'Lucía Huamán <lhuaman@sunat.gob.pe>',
  'Sistema de Trámite <tramite@regionpiura.gob.pe>',
  'Raúl Chávez <rchavez@contraloria.gob.pe>',
  'Rosa Condori <rcondori@regionpiura.gob.pe>',
];
const subjects = [
  'Información del presupuesto anual',
  'Reunión de coordinación regional',
  'Solicitud de vacaciones',
  'Resolución directoral aprobada',
  'Convocatoria CAS: publicación de resultados',
  'Informe técnico de supervisión',
  'Notificación de expediente',
  'Actualización del padrón de beneficiarios',
];
const bodies = [
  'Se remite la información solicitada para su revisión y conformidad.',
  'Adjunto el acta de la reunión y las observaciones de la gerencia.',
  'Por favor confirmar la recepción del documento antes del viernes.',
  'La dirección regional comunica la programación de actividades.',
];

/** The tag (custom keyword) one message in twenty carries. */
export const benchTag = 'proyecto';

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function corpusMessage(
  accountId: number,
  mailboxIds: readonly [number, number],
  n: number,
  count: number,
): NewMessage {
  const subject = `${n % 3 === 0 ? '' : 'RE: '}${pick(subjects, Math.floor(n / 3))} nº ${Math.floor(n / 3)}`;
  const from = pick(senders, n * 7);
  const body = pick(bodies, n);
  return newMessage(accountId, n % 5 === 0 ? [...mailboxIds] : [mailboxIds[0]], {
    raw: new TextEncoder().encode(`Subject: ${subject}\r\nFrom: ${from}\r\n\r\n${body}\r\n`),
    subject,
    from,
    to: 'Buzón Institucional <b@bench.test>',
    preview: body,
    searchText: normaliseForIndex(`${subject} ${from} ${body}`),
    receivedAt: 1_600_000_000_000 + ((n * 7919) % count) * 1000,
    flags: n % 10 === 0 ? 0 : 1,
    keywords: n % 20 === 0 ? [benchTag] : [],
    hasAttachment: n % 7 === 0,
  });
}

/** Appends `count` messages, 64 threads in flight; returns the elapsed milliseconds. */
export async function fillCorpus(
  store: Store,
  accountId: number,
  mailboxIds: readonly [number, number],
  count: number,
): Promise<number> {
  let nextThread = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (nextThread * 3 < count) {
      const first = 3 * nextThread++;
      let threadId: number | null = null;
      for (let n = first; n < Math.min(first + 3, count); n++) {
        const message: NewMessage = { ...corpusMessage(accountId, mailboxIds, n, count), threadId };
        threadId = (await store.messages.append(message)).threadId;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return performance.now() - started;
}
