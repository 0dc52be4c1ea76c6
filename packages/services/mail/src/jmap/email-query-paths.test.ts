// Email/query answered by SQL (first query of an account) and by the in-memory index must be
// the same answer: a matrix of webmail queries through both paths on the same data, on every
// backend, plus the queryState both report and what the store path declines.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemFlag, silentLogger, type Clock } from '@chasqui/core';
import type { Store } from '@chasqui/store';
import { newMessage, seedAccount, testBackends, useBackend } from '@chasqui/testkit';
import { MailService } from '../mail-service.js';
import { normaliseForIndex } from '../text/spanish.js';
import {
  windowOf,
  type EmailFilter,
  type EmailQuery,
  type EmailQueryWindow,
  type EmailSort,
} from './email-filter.js';
import { planStoreQuery, queryEmailStore, queryEmailStorePage } from './email-query-store.js';
import { JmapMailModel } from './jmap-mail-model.js';
import { talliesOf } from './mailbox-tallies.js';

const senders = [
  'José Pérez <jose.perez@gob.pe>',
  'JOSE PEREZ <JP@GOB.PE>',
  'Jose\u0301 Pe\u0301rez <nfd@gob.pe>',
  'Ángel Ñahui <angel@minedu.pe>',
  'Mesa de Partes <partes@gob.pe>',
  '100%_real <raro@x.test>',
];
const subjects = [
  'Información anual',
  'RE: Reunión de coordinación',
  'Solicitud 50%',
  'Convocatoria_CAS',
  'hola',
];
const keywordSets: readonly (readonly string[])[] = [
  [],
  ['proyecto'],
  ['$label1', 'proyecto'],
  ['uppercase'],
  ['$seen'],
];

interface Corpus {
  store: Store;
  model: JmapMailModel;
  accountId: number;
  inbox: number;
  archive: number;
  other: number;
  strangersInbox: number;
}

async function seed(store: Store, clock: Clock): Promise<Corpus> {
  const { account, inbox } = await seedAccount(store, 'paths@q.test');
  const archive = await store.mailboxes.create(account.id, { name: 'Archivo' });
  const other = await store.mailboxes.create(account.id, { name: 'Proyectos' });
  const threadRoots: number[] = [];
  for (let n = 0; n < 60; n++) {
    const subject = `${subjects[n % subjects.length] ?? ''} ${n}`;
    const from = senders[(n * 7) % senders.length] ?? '';
    const body = n % 4 === 0 ? 'adjunto la información solicitada' : 'reuniones y coordinación';
    const boxes = n % 5 === 0 ? [inbox.id, archive.id] : n % 7 === 0 ? [other.id] : [inbox.id];
    const appended = await store.messages.append(
      newMessage(account.id, boxes, {
        raw: new TextEncoder().encode(`Subject: ${subject}\r\n\r\n${body}${'x'.repeat(n * 13)}\r\n`),
        subject,
        from,
        to: n % 3 === 0 ? 'Buzón Ñandú <b@q.test>' : 'b@q.test',
        // Ties on receivedAt (every pair) exercise the id tie-break.
        receivedAt: 1_700_000_000_000 + Math.floor(((n * 37) % 60) / 2) * 60_000,
        sentAt: n % 4 === 0 ? null : 1_690_000_000_000 + ((n * 11) % 60) * 1000,
        flags: (n % 3 === 0 ? 0 : SystemFlag.seen) | (n % 8 === 0 ? SystemFlag.flagged : 0),
        keywords: keywordSets[n % keywordSets.length] ?? [],
        hasAttachment: n % 6 === 0,
        searchText: normaliseForIndex(`${subject} ${from} ${body}`),
        threadId: n % 3 === 0 ? null : (threadRoots.at(-1) ?? null),
      }),
    );
    if (n % 3 === 0) threadRoots.push(appended.threadId);
  }
  // One email gone from every mailbox, one moved: neither path may see stale memberships.
  const listed = await store.messages.listMailbox(inbox.id);
  await store.messages.expunge(inbox.id, [listed[1]?.uid ?? 0]);
  await store.messages.move(account.id, [listed[2]?.messageId ?? 0], inbox.id, other.id);
  // Another account's mailbox holds none of this account's emails.
  const stranger = await seedAccount(store, 'otro@q.test');
  await store.messages.append(newMessage(stranger.account.id, [stranger.inbox.id]));
  const model = new JmapMailModel({
    store,
    mail: new MailService({ store, clock, logger: silentLogger }),
    clock,
  });
  const ids = { inbox: inbox.id, archive: archive.id, other: other.id, strangersInbox: stranger.inbox.id };
  return { store, model, accountId: account.id, ...ids };
}

/** First page with its total, later pages, from the end, around an anchor, past the end. */
function windows(ids: readonly number[]): EmailQueryWindow[] {
  const window = { position: 0, anchor: null, anchorOffset: 0, limit: 5, calculateTotal: true };
  const middle = ids[Math.floor(ids.length / 2)] ?? -1;
  return [
    window,
    { ...window, position: 3, limit: 4, calculateTotal: false },
    { ...window, position: 11, limit: 256 },
    { ...window, limit: 0 },
    { ...window, position: 500 },
    { ...window, position: -4, limit: 10 },
    { ...window, anchor: middle, anchorOffset: -2, limit: 4 },
    { ...window, anchor: -7 },
  ];
}

const matchesNothing = new Set([
  "another account's mailbox",
  'unknown mailbox',
  'keyword with a space',
  'full text, nothing',
  'empty OR',
]);
const byDate: EmailSort[] = [{ property: 'receivedAt', isAscending: false }];
const oldestFirst: EmailSort[] = [{ property: 'receivedAt', isAscending: true }];

function matrix(c: Corpus): [string, EmailQuery][] {
  const inInbox: EmailFilter = { kind: 'inMailbox', mailboxId: c.inbox };
  const and = (...conditions: EmailFilter[]): EmailFilter => ({ operator: 'AND', conditions });
  const q = (filter: EmailFilter | null, sort = byDate, collapseThreads = false): EmailQuery => ({
    filter,
    sort,
    collapseThreads,
  });
  return [
    ['everything', q(null)],
    ['inbox newest first', q(inInbox)],
    ['inbox oldest first', q(inInbox, oldestFirst)],
    ['inbox threads', q(inInbox, byDate, true)],
    ['inbox threads oldest first', q(inInbox, oldestFirst, true)],
    ['archive', q({ kind: 'inMailbox', mailboxId: c.archive })],
    ['unknown mailbox', q({ kind: 'inMailbox', mailboxId: -1 })],
    ["another account's mailbox", q({ kind: 'inMailbox', mailboxId: c.strangersInbox })],
    ['not in inbox', q({ kind: 'inMailboxOtherThan', mailboxIds: [c.inbox] })],
    ['unread', q(and(inInbox, { kind: 'notKeyword', keyword: '$seen' }))],
    ['unread threads', q(and(inInbox, { kind: 'notKeyword', keyword: '$Seen' }), byDate, true)],
    ['flagged', q({ kind: 'hasKeyword', keyword: '$flagged' })],
    ['tag', q({ kind: 'hasKeyword', keyword: 'proyecto' })],
    ['tag in capitals', q({ kind: 'hasKeyword', keyword: 'PROYECTO' })],
    ['keyword with a space', q({ kind: 'hasKeyword', keyword: 'a b' })],
    ['not tagged', q({ kind: 'notKeyword', keyword: '$label1' })],
    ['has attachment', q(and(inInbox, { kind: 'hasAttachment', value: true }))],
    ['no attachment', q({ kind: 'hasAttachment', value: false })],
    [
      'date range',
      q(and({ kind: 'after', time: 1_700_000_300_000 }, { kind: 'before', time: 1_700_001_200_000 })),
    ],
    [
      'size range',
      q(and({ kind: 'minSize', size: 200 }, { kind: 'maxSize', size: 600 }), [
        { property: 'size', isAscending: true },
      ]),
    ],
    ['sentAt sort', q(inInbox, [{ property: 'sentAt', isAscending: false }])],
    ['full text, no accents', q({ kind: 'fullText', text: 'informacion' })],
    ['full text, stems', q(and(inInbox, { kind: 'fullText', text: 'Reunión coordinaciones' }))],
    ['full text, nothing', q({ kind: 'fullText', text: '¡¿?!' })],
    ['from, accents folded', q({ kind: 'contains', field: 'from', text: 'perez' })],
    ['from, accented query', q({ kind: 'contains', field: 'from', text: 'PÉREZ' })],
    ['from, LIKE wildcards', q({ kind: 'contains', field: 'from', text: '100%_' })],
    ['to, ñ', q(and(inInbox, { kind: 'contains', field: 'to', text: 'nandu' }))],
    [
      'subject and unread',
      q(
        and(
          { kind: 'contains', field: 'subject', text: 'reunion' },
          { kind: 'notKeyword', keyword: '$seen' },
        ),
      ),
    ],
    [
      'OR of flags',
      q({
        operator: 'OR',
        conditions: [
          { kind: 'hasKeyword', keyword: '$flagged' },
          { kind: 'hasAttachment', value: true },
        ],
      }),
    ],
    [
      'NOT of mailboxes',
      q({
        operator: 'NOT',
        conditions: [
          { kind: 'inMailbox', mailboxId: c.archive },
          { kind: 'inMailbox', mailboxId: c.other },
        ],
      }),
    ],
    ['empty OR', q({ operator: 'OR', conditions: [] })],
  ];
}

for (const backend of testBackends) {
  describe(`Email/query through SQL and through the index (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const { skip } = under;
    let corpus: Corpus;
    before(async () => {
      if (!skip) corpus = await seed(under.opened.store, under.opened.clock);
    });

    it('gives the same ids, in the same order, at the same queryState', { skip }, async () => {
      const { store, model, accountId } = corpus;
      for (const [name, query] of matrix(corpus)) {
        const plan = planStoreQuery(query);
        assert.ok(plan, `${name}: SQL should answer it`);
        const fromStore = await queryEmailStore(store, accountId, plan);
        const fromIndex = await model.queryEmailIndex(accountId, query);
        assert.deepEqual(fromStore, fromIndex, name);
        for (const window of windows(fromIndex.ids)) {
          const label = `${name} ${JSON.stringify(window)}`;
          const page = await queryEmailStorePage(store, accountId, plan, window);
          assert.deepEqual(page, windowOf(fromIndex, window), label);
        }
        // Only the queries meant to match nothing may agree on an empty answer.
        assert.equal(
          fromIndex.ids.length === 0,
          matchesNothing.has(name),
          `${name}: ${fromIndex.ids.length}`,
        );
      }
    });

    it('counts every mailbox alike in SQL and in the index (Mailbox/get)', { skip }, async () => {
      const { store, model, accountId } = corpus;
      const fromStore = await store.jmapEmails.mailboxCounts(accountId);
      const fromIndex = talliesOf(await model.emails.load(accountId));
      assert.equal(fromStore.length, fromIndex.size);
      for (const { mailboxId, ...counts } of fromStore) assert.deepEqual(counts, fromIndex.get(mailboxId));
    });

    // A synchronous SQLite read never yields by itself: the build must give the loop a turn.
    const asyncDriver = backend.name === 'sqlite' ? false : 'reads yield by themselves here';
    it(
      'builds the index page by page, letting other work run between pages',
      { skip: skip || asyncDriver },
      async () => {
        const { store, clock } = under.opened;
        const { account, inbox } = await seedAccount(store, 'paginas@q.test');
        for (let n = 0; n < 600; n++) {
          await store.messages.append(newMessage(account.id, [inbox.id], { receivedAt: n }));
        }
        const model = new JmapMailModel({
          store,
          mail: new MailService({ store, clock, logger: silentLogger }),
          clock,
        });
        let otherWorkRan = false;
        setImmediate(() => (otherWorkRan = true));
        const built = await model.emails.load(account.id);
        assert.equal(otherWorkRan, true);
        assert.equal(built.byId.size, 600);
      },
    );

    it('leaves to the index what SQL cannot answer exactly', { skip }, () => {
      const contains: EmailFilter = { kind: 'contains', field: 'from', text: 'perez' };
      const declined: EmailQuery[] = [
        { filter: { operator: 'OR', conditions: [contains] }, sort: byDate, collapseThreads: false },
        { filter: { operator: 'NOT', conditions: [contains] }, sort: byDate, collapseThreads: false },
        {
          filter: { kind: 'threadKeyword', mode: 'some', keyword: '$flagged' },
          sort: byDate,
          collapseThreads: false,
        },
        { filter: null, sort: [{ property: 'subject', isAscending: true }], collapseThreads: false },
      ];
      for (const query of declined) assert.equal(planStoreQuery(query), null);
      // Where the store's text queries are slow, the index answers them.
      const text: EmailQuery = {
        filter: { kind: 'fullText', text: 'informe' },
        sort: byDate,
        collapseThreads: false,
      };
      assert.equal(planStoreQuery({ ...text, filter: contains }, false), null);
      assert.equal(planStoreQuery(text, false), null);
      assert.ok(planStoreQuery(text, true));
    });

    it('answers the first query from SQL, then from the index, with one queryState', { skip }, async () => {
      const { store, accountId, inbox } = corpus;
      const { clock } = under.opened;
      const model = new JmapMailModel({
        store,
        mail: new MailService({ store, clock, logger: silentLogger }),
        clock,
      });
      const query: EmailQuery = {
        filter: { kind: 'inMailbox', mailboxId: inbox },
        sort: byDate,
        collapseThreads: true,
      };
      const window: EmailQueryWindow = {
        position: 0,
        anchor: null,
        anchorOffset: 0,
        limit: 10,
        calculateTotal: true,
      };
      assert.equal(model.emails.isReady(accountId), false);
      const first = await model.queryEmailPage(accountId, query, window);
      // The first query started the build; once built, the index answers alike.
      await model.emails.load(accountId);
      assert.equal(model.emails.isReady(accountId), true);
      assert.deepEqual(await model.queryEmailPage(accountId, query, window), first);
      // A change after the SQL answer shows in /changes from its queryState.
      const added = await store.messages.append(
        newMessage(accountId, [inbox], { receivedAt: 1_800_000_000_000 }),
      );
      const changes = await model.emailChanges(accountId, first?.modseq ?? -1, 100);
      assert.deepEqual(changes?.created, [added.messageId]);
      assert.equal((await model.queryEmailPage(accountId, query, window))?.ids[0], added.messageId);
    });
  });
}
