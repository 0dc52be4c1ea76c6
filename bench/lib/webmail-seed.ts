// Seeds the webmail benchmark's data directory in-process, before `chasqui serve` starts: one
// account with a large Inbox of Spanish public-sector mail (varied senders, accented words,
// one in seven with an attachment), written straight through the store as bench/jmap.ts does.
import { performance } from 'node:perf_hooks';
import { silentLogger, systemClock } from '@chasqui/core';
import { DirectoryService } from '@chasqui/directory';
import { MailService } from '@chasqui/mail';
import { openStore, type Store } from '@chasqui/store';
import { newMessage } from '@chasqui/testkit';

export interface SeededAccount {
  readonly address: string;
  readonly password: string;
  readonly messages: number;
  readonly seedSeconds: number;
}

const SUBJECTS = [
  'Solicitud de información presupuestal',
  'Reunión de coordinación regional',
  'Informe de gestión trimestral',
  'Convocatoria CAS para la Subgerencia',
  'Actualización del plan operativo institucional',
  'Capacitación en gestión pública',
  'Oficio múltiple sobre contrataciones',
  'Acta de la sesión del consejo',
  'Programación de mantenimiento vial',
  'Resolución directoral para revisión',
];
const BODIES = [
  'Por medio del presente remito la información solicitada para su revisión y conformidad.',
  'Se convoca a la reunión de coordinación el próximo jueves en la sala de sesiones.',
  'Adjunto el avance de la ejecución presupuestal y las metas físicas del trimestre.',
  'Agradeceré confirmar su participación y la de su equipo técnico.',
  'Quedo atento a sus comentarios sobre el expediente de contratación.',
];
const SENDERS = [
  'María Huamán',
  'José Quispe',
  'Rosa Mamani',
  'Luis Ñahui',
  'Carmen Flores',
  'Jorge Condori',
  'Ana Ccori',
  'Pedro Chávez',
  'Lucía Rojas',
  'Víctor Apaza',
];
const IN_FLIGHT = 64;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** "María Huamán" → "maria.huaman@regionx.gob.pe" */
function senderAddress(name: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '.');
  return `${local}@regionx.gob.pe`;
}

function seedMessage(accountId: number, inboxId: number, n: number, total: number) {
  const subject = `${pick(SUBJECTS, n)} ${n}`;
  const name = pick(SENDERS, Math.floor(n / 3));
  const body = pick(BODIES, n * 7);
  const from = `${name} <${senderAddress(name)}>`;
  const raw = new TextEncoder().encode(
    `From: ${from}\r\nTo: lectora@bench.test\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
  return newMessage(accountId, [inboxId], {
    raw,
    subject,
    from,
    to: 'lectora@bench.test',
    preview: body,
    searchText: `${subject} ${name} ${body}`,
    hasAttachment: n % 7 === 0,
    // Spread over ~3 years, not in seeding order, as bench/jmap.ts does.
    receivedAt: 1_640_000_000_000 + ((n * 7919) % total) * 1000,
    flags: n % 10 === 0 ? 0 : 1,
  });
}

async function fillInbox(store: Store, accountId: number, inboxId: number, total: number): Promise<void> {
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      const n = issued++;
      await store.messages.append(seedMessage(accountId, inboxId, n, total));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Creates the domain, the account and `messages` Inbox messages in the SQLite store of `dataDir`. */
export async function seedWebmailAccount(dataDir: string, messages: number): Promise<SeededAccount> {
  const started = performance.now();
  const store = await openStore({ backend: 'sqlite', dataDir }, { clock: systemClock, logger: silentLogger });
  try {
    const directory = new DirectoryService({ store, clock: systemClock, logger: silentLogger });
    const mail = new MailService({ store, clock: systemClock, logger: silentLogger });
    const address = 'lectora@bench.test';
    // The password policy refuses a password containing the user name.
    const password = 'Correo-Rapido-2026!';
    await directory.addDomain('bench.test');
    const account = await directory.addAccount({ address, password, displayName: 'Lectora de Mesa' });
    await mail.ensureDefaultMailboxes(account.id);
    const inbox = await store.mailboxes.getByRole(account.id, 'inbox');
    if (!inbox) throw new Error('the default mailboxes have no Inbox');
    await fillInbox(store, account.id, inbox.id, messages);
    return { address, password, messages, seedSeconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

export const seedVocabulary = { SUBJECTS, SENDERS };
