// Email/query filters and sorts parsed into the mail model's query, and the bad ones refused
// with the RFC 8620 §5.5 error types.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodContext } from '../api/types.js';
import { MethodError } from '../api/types.js';
import { parseEmailFilter, parseEmailSort } from './email-query-filter.js';

const context = { createdIds: new Map([['nuevo', 'F42']]) } as unknown as MethodContext;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof MethodError) return error.type;
    throw error;
  }
  return 'accepted';
}

describe('Email/query filter and sort', () => {
  it('RFC 8621 §4.10 example: inMailbox, newest first', () => {
    assert.deepEqual(parseEmailFilter({ inMailbox: 'F7' }, context), { kind: 'inMailbox', mailboxId: 7 });
    assert.deepEqual(parseEmailSort([{ isAscending: false, property: 'receivedAt' }]), [
      { property: 'receivedAt', isAscending: false },
    ]);
  });

  it('makes a condition with several properties their AND, and resolves creation ids', () => {
    assert.deepEqual(
      parseEmailFilter(
        { inMailbox: '#nuevo', notKeyword: '$seen', from: 'Pérez', after: '2026-01-01T00:00:00Z' },
        context,
      ),
      {
        operator: 'AND',
        conditions: [
          { kind: 'inMailbox', mailboxId: 42 },
          { kind: 'notKeyword', keyword: '$seen' },
          { kind: 'contains', field: 'from', text: 'Pérez' },
          { kind: 'after', time: Date.parse('2026-01-01T00:00:00Z') },
        ],
      },
    );
  });

  it('sends text, body, cc, bcc and header to the full-text index', () => {
    assert.deepEqual(parseEmailFilter({ body: 'informe' }, context), { kind: 'fullText', text: 'informe' });
    assert.deepEqual(parseEmailFilter({ header: ['X-Tramite', 'EXP-12'] }, context), {
      kind: 'fullText',
      text: 'EXP-12',
    });
  });

  it('refuses malformed values with invalidArguments', () => {
    for (const filter of [
      { minSize: '10' },
      { maxSize: -1 },
      { before: 'ayer' },
      { hasAttachment: 'yes' },
      { from: 5 },
      { header: [] },
      { inMailboxOtherThan: 'F1' },
      { operator: 'AND', conditions: 'x' },
      [],
    ]) {
      assert.equal(
        refusal(() => parseEmailFilter(filter, context)),
        'invalidArguments',
        JSON.stringify(filter),
      );
    }
    assert.equal(
      refusal(() => parseEmailSort({ property: 'size' })),
      'invalidArguments',
    );
  });

  it('refuses unknown filters, operators and sorts as unsupported', () => {
    assert.equal(
      refusal(() => parseEmailFilter({ inThread: 'T1' }, context)),
      'unsupportedFilter',
    );
    assert.equal(
      refusal(() => parseEmailFilter({ operator: 'XOR', conditions: [] }, context)),
      'unsupportedFilter',
    );
    assert.equal(
      refusal(() => parseEmailSort([{ property: 'color' }])),
      'unsupportedSort',
    );
  });
});
