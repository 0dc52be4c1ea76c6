import { describe, expect, it } from 'vitest';
import type { Email } from '../jmap/types.ts';
import { parseAddresses, startReply, toEmailCreate } from './compose-model.ts';
import { buildSearchFilter, EMPTY_SEARCH, toKeyword } from './search.ts';
import { buildTree, descendants } from './mailboxes.ts';
import { rankCorrespondents } from './prefs.ts';

const labels = {
  replyPrefix: 'RE:',
  forwardPrefix: 'RV:',
  wrote: 'escribió:',
  forwarded: '--- reenviado ---',
};
const original = {
  id: 'e1',
  subject: 'RE: Informe',
  from: [{ name: 'Luis', email: 'luis@x.pe' }],
  to: [
    { name: null, email: 'ana@x.pe' },
    { name: null, email: 'eva@x.pe' },
  ],
  cc: [
    { name: null, email: 'ana@x.pe' },
    { name: null, email: 'jefe@x.pe' },
  ],
  messageId: ['m1@x'],
  references: ['m0@x'],
  attachments: [{ blobId: 'b1', name: 'a.pdf', type: 'application/pdf', size: 3 }],
} as unknown as Email;

describe('compose model', () => {
  it('parses address lists', () => {
    expect(parseAddresses('"Pérez, Ana" <ana@x.pe>; b@y.pe, nope')).toEqual([
      { name: 'Pérez, Ana', email: 'ana@x.pe' },
      { name: null, email: 'b@y.pe' },
    ]);
  });

  it('reply-all removes own addresses and threads the reply', () => {
    const r = startReply(original, 'hola', 'replyAll', [{ name: null, email: 'ANA@x.pe' }], labels);
    expect(r.to.map((a) => a.email)).toEqual(['luis@x.pe', 'eva@x.pe']);
    expect(r.cc.map((a) => a.email)).toEqual(['jefe@x.pe']);
    expect(r.subject).toBe('RE: Informe');
    expect(r.references).toEqual(['m0@x', 'm1@x']);
    expect(r.quotedText).toContain('> hola');
  });

  it('forward keeps attachments and has no recipients', () => {
    const r = startReply(original, 'hola', 'forward', [], labels);
    expect(r.to).toEqual([]);
    expect(r.subject).toBe('RV: Informe');
    expect(r.attachments[0]?.blobId).toBe('b1');
  });

  it('builds a draft Email/set object with tags, html and inline images', () => {
    const email = toEmailCreate(
      {
        identity: { id: 'i1', name: 'Ana', email: 'ana@x.pe' },
        to: [{ name: null, email: 'b@y.pe' }],
        cc: [],
        bcc: [],
        subject: 's',
        html: '<p>x<img src="cid:c1"></p>',
        text: 'x',
        tags: ['urgente'],
        inReplyTo: null,
        references: null,
        attachments: [{ blobId: 'b', name: 'i.png', type: 'image/png', size: 1, cid: 'c1' }],
      },
      'drafts',
    );
    expect(email['mailboxIds']).toEqual({ drafts: true });
    expect(email['keywords']).toEqual({ $draft: true, $seen: true, urgente: true });
    expect(email['attachments']).toEqual([
      { blobId: 'b', type: 'image/png', name: 'i.png', disposition: 'inline', cid: 'c1' },
    ]);
    expect((email['bodyValues'] as Record<string, unknown>)['html']).toEqual({
      value: '<p>x<img src="cid:c1"></p>',
    });
  });
});

describe('search, tags, folders, autocomplete', () => {
  it('combines search fields with AND inside a scope', () => {
    expect(
      buildSearchFilter(
        { ...EMPTY_SEARCH, text: 'informe', hasAttachment: true, tag: 'urgente' },
        { inMailbox: 'm' },
      ),
    ).toEqual({
      operator: 'AND',
      conditions: [
        { inMailbox: 'm' },
        { text: 'informe' },
        { hasAttachment: true },
        { hasKeyword: 'urgente' },
      ],
    });
    expect(buildSearchFilter({ ...EMPTY_SEARCH, from: 'luis' })).toEqual({ from: 'luis' });
  });

  it('makes valid keywords from tag names', () => {
    expect(toKeyword('Área (Urgente)')).toBe('area__urgente_');
  });

  it('orders the folder tree with roles first and children under parents', () => {
    const mb = (id: string, name: string, parentId: string | null, role: string | null = null) =>
      ({ id, name, parentId, role, sortOrder: 0 }) as never;
    const tree = buildTree([
      mb('z', 'Zeta', null),
      mb('t', 'Papelera', null, 'trash'),
      mb('i', 'INBOX', null, 'inbox'),
      mb('c', 'Hijo', 'z'),
    ]);
    expect(tree.map((n) => `${n.mailbox.id}:${String(n.depth)}`)).toEqual(['i:0', 't:0', 'z:0', 'c:1']);
    expect([...descendants([mb('a', 'a', null), mb('b', 'b', 'a'), mb('c', 'c', 'b')], 'a')]).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('ranks correspondents by use and recency', () => {
    const now = 1_000 * 86_400_000;
    const list = [
      { email: 'ana@x.pe', name: 'Ana Pérez', uses: 3, lastUsed: now - 100 * 86_400_000 },
      { email: 'andres@x.pe', name: 'Andrés', uses: 2, lastUsed: now },
      { email: 'luis@x.pe', name: 'Luis', uses: 50, lastUsed: now },
    ];
    expect(rankCorrespondents(list, 'an', 5, now).map((c) => c.email)).toEqual(['andres@x.pe', 'ana@x.pe']);
    expect(rankCorrespondents(list, 'pérez', 5, now).map((c) => c.email)).toEqual(['ana@x.pe']);
  });
});
