// The stored FETCH summary: BODY derived from BODYSTRUCTURE equals BODY computed from the MIME
// tree (nested messages, the nesting limit, encoded message/rfc822), the stored form round-trips,
// and an unreadable or outdated stored form is refused (null: recomputed by the caller).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyStructureValue } from './body-structure.js';
import { basicBodyOf, decodeSummary, encodeSummary, summarizeMessage } from './message-summary.js';
import { parseMimeTree } from './mime-tree.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

const nested = crlf([
  'From: Ana <ana@example.test>',
  'Subject: reenvío',
  'Content-Type: multipart/mixed; boundary=a',
  '',
  '--a',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Language: es-PE',
  '',
  'hola',
  '--a',
  'Content-Type: message/rfc822',
  'Content-Disposition: attachment',
  '',
  'From: Luis <luis@example.test>',
  'Subject: original',
  'Content-Type: multipart/alternative; boundary=b',
  '',
  '--b',
  'Content-Type: text/plain',
  '',
  'texto',
  '--b',
  'Content-Type: text/html',
  '',
  '<p>texto</p>',
  '--b--',
  '--a',
  'Content-Type: message/rfc822',
  'Content-Transfer-Encoding: base64',
  '',
  'RnJvbTogeEB5Cgpib2R5Cg==',
  '--a--',
  '',
]);

/** Multiparts nested past the parser's depth limit: the innermost has no children. */
function deeplyNested(depth: number): Buffer {
  const lines: string[] = ['Subject: profundo'];
  for (let level = 0; level < depth; level++) {
    lines.push(`Content-Type: multipart/mixed; boundary=n${level}`, '', `--n${level}`);
  }
  lines.push('Content-Type: text/plain', '', 'fondo');
  for (let level = depth - 1; level >= 0; level--) lines.push(`--n${level}--`);
  return crlf(lines);
}

describe('message summary', () => {
  for (const [name, raw] of [
    ['nested message/rfc822 and an encoded one', nested],
    ['multiparts past the nesting limit', deeplyNested(40)],
    ['a message with no header', Buffer.from('\r\nsolo cuerpo\r\n')],
    ['an empty message', Buffer.alloc(0)],
  ] as const) {
    it(`derives BODY from BODYSTRUCTURE exactly: ${name}`, () => {
      const root = parseMimeTree(raw);
      const summary = summarizeMessage(raw);
      assert.deepEqual(summary.bodyStructure, bodyStructureValue(raw, root, true));
      assert.deepEqual(basicBodyOf(summary.bodyStructure), bodyStructureValue(raw, root, false));
      assert.equal(summary.headerSize, root.bodyStart);
      assert.deepEqual(decodeSummary(encodeSummary(summary)), summary);
    });
  }

  it('refuses stored forms that are absent, unreadable, of another version or misshapen', () => {
    for (const stored of [
      null,
      '',
      '{',
      '"x"',
      '[2,0,[],[]]',
      '[1,"7",[],[]]',
      '[1,0,null,[]]',
      '[1,0,[]]',
    ]) {
      assert.equal(decodeSummary(stored), null, String(stored));
    }
  });
});
