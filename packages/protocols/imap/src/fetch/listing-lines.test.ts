import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SystemFlag } from '@chasqui/core';
import type { FetchItem } from '../commands/fetch-items.js';
import { atom, untagged } from '../proto/index.js';
import type { MailboxEntry } from '@chasqui/mail';
import type { ViewMessage } from '../session/selected-mailbox.js';
import { fetchResponseItems } from './fetch-response.js';
import { isListingOnly, sendListingLines } from './listing-lines.js';

function message(msn: number, uid: number, flags: number, keywords: string[], modseq: number): ViewMessage {
  return { msn, uid, entry: { uid, messageId: uid * 3, flags, keywords, modseq } };
}

const messages: ViewMessage[] = [
  message(1, 1, 0, [], 1),
  message(2, 7, SystemFlag.seen, [], 12),
  message(
    3,
    9,
    SystemFlag.seen | SystemFlag.flagged | SystemFlag.deleted,
    ['$work', 'urgent'],
    4_000_000_000,
  ),
  message(4, 10, SystemFlag.answered | SystemFlag.draft | SystemFlag.forwarded | SystemFlag.junk, [], 5),
  message(5, 4_294_967_295, SystemFlag.notJunk, ['bad"keyword', 'fine'], 77),
];

const itemLists: FetchItem[][] = [
  [{ kind: 'FLAGS' }],
  [{ kind: 'UID' }, { kind: 'FLAGS' }],
  [{ kind: 'FLAGS' }, { kind: 'UID' }, { kind: 'MODSEQ' }],
  [{ kind: 'UID' }, { kind: 'MODSEQ' }, { kind: 'FLAGS' }, { kind: 'FLAGS' }],
];

/** The general path: item values encoded by the response compiler. */
function generalLine(m: ViewMessage, items: readonly FetchItem[], utf8: boolean): string {
  const source = { uid: m.uid, entry: m.entry, stored: null, raw: null, summary: null };
  const values = [m.msn, atom('FETCH'), fetchResponseItems(source, items)];
  return Buffer.concat(untagged(values, { utf8 })).toString('utf8');
}

/** What sendListingLines() writes for `list` (from `listing` when given), and in how many writes. */
async function listingResponse(
  list: readonly ViewMessage[],
  items: readonly FetchItem[],
  listing: readonly MailboxEntry[] | null = null,
): Promise<{ text: string; writes: number }> {
  const writes: Buffer[] = [];
  await sendListingLines(
    (data) => {
      writes.push(data);
      return Promise.resolve();
    },
    list,
    items,
    listing,
  );
  return { text: Buffer.concat(writes).toString('utf8'), writes: writes.length };
}

describe('FETCH of listing-only items', () => {
  it('writes the same bytes as the general path', async () => {
    for (const items of itemLists) {
      assert.ok(isListingOnly(items));
      const { text } = await listingResponse(messages, items);
      for (const utf8 of [false, true]) {
        assert.equal(text, messages.map((m) => generalLine(m, items, utf8)).join(''));
      }
    }
  });

  it('is not taken for items that need more than the listing', () => {
    assert.ok(!isListingOnly([{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }]));
    assert.ok(!isListingOnly([{ kind: 'UID' }, { kind: 'ENVELOPE' }]));
  });

  it('sends every line, in order, in a few large writes', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      message(i + 1, i * 2 + 1, i % 3 === 0 ? SystemFlag.seen : 0, i % 7 === 0 ? ['$label1'] : [], i + 10),
    );
    const items: FetchItem[] = [{ kind: 'UID' }, { kind: 'FLAGS' }, { kind: 'MODSEQ' }];
    const { text, writes } = await listingResponse(many, items);
    const expected = many.map((m) => generalLine(m, items, false)).join('');
    assert.equal(text, expected);
    assert.ok(writes > 1 && writes < 20, `${writes} writes`);
  });

  it('leaves room for repeated items and long keyword lists at every chunk end', async () => {
    const keywords = Array.from({ length: 40 }, (_, i) => `proyecto-${i}-ñandú`);
    const many = Array.from({ length: 3000 }, (_, i) =>
      message(i + 1, i + 1, SystemFlag.seen, i % 2 === 0 ? keywords : [], 2 ** 52 + i),
    );
    const items: FetchItem[] = Array.from({ length: 12 }, (_, i) => ({
      kind: (['UID', 'FLAGS', 'MODSEQ'] as const)[i % 3] ?? 'UID',
    }));
    const { text } = await listingResponse(many, items);
    assert.equal(text, many.map((m) => generalLine(m, items, false)).join(''));
  });

  it('sends the responses to a whole shared listing again as kept, per item list and listing', async () => {
    const listing: MailboxEntry[] = Array.from({ length: 3000 }, (_, i) => ({
      uid: i * 2 + 1,
      messageId: i + 1,
      flags: i % 3 === 0 ? SystemFlag.seen : 0,
      keywords: i % 5 === 0 ? ['$label1'] : [],
      modseq: i + 10,
    }));
    const view = listing.map((entry, i) => ({ msn: i + 1, uid: entry.uid, entry }));
    const flagsOnly: FetchItem[] = [{ kind: 'UID' }, { kind: 'FLAGS' }];
    const withModseq: FetchItem[] = [{ kind: 'UID' }, { kind: 'FLAGS' }, { kind: 'MODSEQ' }];
    for (const items of [flagsOnly, withModseq]) {
      const expected = view.map((m) => generalLine(m, items, false)).join('');
      const first = await listingResponse(view, items, listing);
      const again = await listingResponse(view, items, listing);
      assert.equal(first.text, expected);
      assert.equal(again.text, expected);
      assert.equal(again.writes, first.writes);
    }
    // A view that differs from the listing (one message left out, numbers as they stand) is
    // rendered from its own messages, never from what was kept.
    const partial = view.slice(1).map((m, i) => ({ ...m, msn: i + 1 }));
    const expected = partial.map((m) => generalLine(m, flagsOnly, false)).join('');
    assert.equal((await listingResponse(partial, flagsOnly, listing)).text, expected);
    const repeated = [...view.slice(0, -1), view[0] as ViewMessage];
    const repeatedText = repeated.map((m) => generalLine(m, flagsOnly, false)).join('');
    assert.equal((await listingResponse(repeated, flagsOnly, listing)).text, repeatedText);
  });
});
