import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseSubject } from './base-subject.js';
import { compareAsciiCasemap } from './collation.js';
import { threadByOrderedSubject } from './thread-ordered-subject.js';
import { threadByReferences } from './thread-references.js';
import type { ThreadMessage, ThreadNode } from './thread-types.js';

/** Threads in RFC 5256 notation, so that expectations read like the RFC's examples. */
function notation(threads: readonly ThreadNode[]): string {
  const chain = (node: ThreadNode): string => {
    const own = node.message === null ? [] : [String(node.message.id)];
    if (node.children.length === 1 && node.message !== null)
      return [...own, chain(node.children[0]!)].join(' ');
    const nested = node.children.map((child) => `(${chain(child)})`).join('');
    return [...own, nested].filter((part) => part !== '').join(' ');
  };
  return threads.map((thread) => `(${chain(thread)})`).join('');
}

let position = 0;
function message(
  id: number,
  subject: string,
  day: number,
  messageId: string | null,
  references: string[] = [],
): ThreadMessage {
  return {
    id,
    position: ++position,
    sentAt: Date.UTC(2026, 0, day),
    subject,
    messageIdHeader: messageId,
    references,
  };
}

describe('RFC 5256 §2.1 base subject', () => {
  const cases: [string, string, boolean][] = [
    ['Hola', 'Hola', false],
    ['Re: Hola', 'Hola', true],
    ['RE:  re: Fwd: Hola', 'Hola', true],
    ['Re[2]: Hola', 'Hola', true],
    ['[equipo] Re: Hola', 'Hola', true],
    ['[equipo] Hola', 'Hola', false],
    ['[equipo]', '[equipo]', false],
    ['Hola (fwd)', 'Hola', true],
    ['Hola   (fwd)  (fwd) ', 'Hola', true],
    ['[Fwd: Re: Hola]', 'Hola', true],
    ['  Informe\t de   marzo ', 'Informe de marzo', false],
    ['Re:', '', true],
    ['Reunión: lunes', 'Reunión: lunes', false],
    ['Fw: [x] [y] Plan', 'Plan', true],
  ];
  for (const [subject, base, isReply] of cases) {
    it(`"${subject}" → "${base}"`, () => {
      assert.deepEqual(baseSubject(subject), { text: base, isReplyOrForward: isReply });
    });
  }

  it('compares with i;ascii-casemap: ASCII letters without case, others by code', () => {
    assert.equal(compareAsciiCasemap('hola', 'HOLA'), 0);
    assert.ok(compareAsciiCasemap('abc', 'ABD') < 0);
    assert.notEqual(compareAsciiCasemap('é', 'É'), 0);
  });
});

describe('RFC 5256 THREAD=ORDEREDSUBJECT', () => {
  it('groups by base subject under the earliest message, threads by their first date', () => {
    const messages = [
      message(1, 'Plan', 3, '<1@x>'),
      message(2, 'Re: Plan', 5, '<2@x>'),
      message(3, 'Otro', 1, '<3@x>'),
      message(4, 'RE: plan', 4, '<4@x>'),
      message(5, 'Solo', 2, '<5@x>'),
      message(6, 'Re: Otro', 2, '<6@x>'),
    ];
    assert.equal(notation(threadByOrderedSubject(messages)), '(3 6)(5)(1 (4)(2))');
  });
});

describe('RFC 5256 THREAD=REFERENCES', () => {
  it('links replies through References and In-Reply-To', () => {
    const messages = [
      message(1, 'Plan', 1, '<a@x>'),
      message(2, 'Re: Plan', 2, '<b@x>', ['<a@x>']),
      message(3, 'Re: Plan', 3, '<c@x>', ['<a@x>', '<b@x>']),
      message(4, 'Re: Plan', 4, '<d@x>', ['<a@x>']),
      message(5, 'Nada que ver', 5, '<e@x>'),
    ];
    assert.equal(notation(threadByReferences(messages)), '(1 (2 3)(4))(5)');
  });

  it('keeps a dummy for a missing parent with several replies, and drops it for one', () => {
    const messages = [
      message(1, 'Re: Viaje', 2, '<b@x>', ['<missing@x>']),
      message(2, 'Re: Viaje', 3, '<c@x>', ['<missing@x>']),
      message(3, 'Re: Otro', 1, '<d@x>', ['<gone@x>']),
    ];
    assert.equal(notation(threadByReferences(messages)), '(3)((1)(2))');
  });

  it('gathers threads of the same base subject, a reply under the original', () => {
    const messages = [
      message(1, 'Informe', 1, '<a@x>'),
      message(2, 'Re: Informe', 2, '<b@x>'),
      message(3, 'Informe', 3, '<c@x>'),
    ];
    // 2 is a reply by subject only: it joins 1. 3 is not a reply: both under a dummy.
    assert.equal(notation(threadByReferences(messages)), '((1 2)(3))');
  });

  it('treats duplicate and missing Message-IDs as unique and never loops', () => {
    const messages = [
      message(1, 'A', 1, '<same@x>'),
      message(2, 'B', 2, '<same@x>'),
      message(3, 'C', 3, null),
      message(4, 'D', 4, '<self@x>', ['<self@x>']),
      message(5, 'E', 5, '<p@x>', ['<q@x>']),
      message(6, 'F', 6, '<q@x>', ['<p@x>']),
    ];
    // 5 names 6 as its parent first; 6 naming 5 back would make a loop and is ignored.
    assert.equal(notation(threadByReferences(messages)), '(1)(2)(3)(4)(6 5)');
  });

  it('breaks ties between equal dates by mailbox order', () => {
    const messages = [message(7, 'X', 1, '<x@x>'), message(3, 'Y', 1, '<y@x>')];
    assert.equal(notation(threadByReferences(messages)), '(7)(3)');
  });
});
