// The copy postal-mime reads at ingest: binary bodies go, and what ingest keeps from the parse
// (text, html, headers, attachment names, types and dispositions) is what the whole message gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import PostalMime, { type Email } from 'postal-mime';
import { parseMessage } from './parse-message.js';
import { textOnlyCopy } from './text-only-copy.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));
const base64Body = Buffer.alloc(3000, 'pdf-bytes ').toString('base64').replace(/.{76}/g, '$&\r\n');

/** What ingest reads from a parse. */
function kept(email: Email) {
  return {
    subject: email.subject,
    from: email.from,
    to: email.to,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => [a.filename, a.mimeType, a.disposition]),
  };
}

async function assertSameParse(raw: Buffer): Promise<Buffer> {
  const copy = textOnlyCopy(raw);
  const options = { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 } as const;
  assert.deepEqual(kept(await PostalMime.parse(copy, options)), kept(await PostalMime.parse(raw, options)));
  return copy;
}

const withAttachment = crlf([
  'From: Ana <ana@example.test>',
  'To: luis@example.test',
  'Subject: informe',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'preamble',
  '--b1',
  'Content-Type: multipart/alternative; boundary=b2',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Adjunto el informe del año.',
  '--b2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Adjunto el informe del año.</p>',
  '--b2--',
  '--b1',
  'Content-Type: application/pdf; name="=?UTF-8?Q?Resoluci=C3=B3n?=.pdf"',
  "Content-Disposition: attachment; filename*=UTF-8''Resoluci%C3%B3n%20final.pdf",
  'Content-Transfer-Encoding: base64',
  '',
  base64Body,
  '--b1',
  'Content-Type: image/png',
  'Content-Disposition: inline',
  'Content-ID: <logo>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--b1--',
  '',
]);

describe('textOnlyCopy', () => {
  it('drops attachment bodies and keeps names, types and dispositions', async () => {
    const copy = await assertSameParse(withAttachment);
    assert.ok(copy.length < withAttachment.length - base64Body.length + 100);
    assert.ok(!copy.includes('iVBORw0KGgo='));
  });

  it('keeps attachment names searchable and hasAttachment as before', async () => {
    const parsed = await parseMessage(withAttachment);
    assert.equal(parsed.hasAttachment, true);
    assert.ok(parsed.searchText.split(' ').includes('final'));
    assert.ok(parsed.searchText.includes('resolucion'));
    assert.equal(parsed.preview, 'Adjunto el informe del año.');
  });

  it('an inline image alone is not an attachment, with or without its bytes', async () => {
    const raw = crlf([
      'Subject: logo',
      'Content-Type: multipart/related; boundary=r',
      '',
      '--r',
      'Content-Type: text/html',
      '',
      '<img src="cid:logo">hola',
      '--r',
      'Content-Type: image/png',
      'Content-Disposition: inline',
      'Content-ID: <logo>',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--r--',
    ]);
    await assertSameParse(raw);
    assert.equal((await parseMessage(raw)).hasAttachment, false);
  });

  it('reads attachments inside a forwarded message/rfc822', async () => {
    const raw = crlf([
      'Subject: reenvío',
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'mira esto',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      'From: luis@example.test',
      'Subject: original',
      'Content-Type: multipart/mixed; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'texto original',
      '--inner',
      'Content-Type: application/zip; name=fotos.zip',
      'Content-Transfer-Encoding: base64',
      '',
      'UEsDBBQAAAAIAA==',
      '--inner--',
      '--outer--',
    ]);
    const copy = await assertSameParse(raw);
    assert.ok(!copy.includes('UEsDBBQAAAAIAA=='));
    const parsed = await parseMessage(raw);
    assert.ok(parsed.searchText.split(' ').includes('foto'));
    assert.ok(parsed.searchText.includes('original'));
  });

  it('keeps the bodies of text parts, even when they are attachments', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: text/csv; name=datos.csv',
      'Content-Disposition: attachment',
      '',
      'a,b,c',
      '--m--',
    ]);
    assert.equal(await assertSameParse(raw), raw);
  });

  it('keeps a body where a line could be the boundary of a multipart left open', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: multipart/alternative; boundary=open',
      '',
      '--open',
      'Content-Type: text/plain',
      '',
      'primera',
      '--outer',
      'Content-Type: application/octet-stream',
      '',
      'binario',
      '--open',
      'Content-Type: text/plain',
      '',
      'escondido',
      '--outer--',
    ]);
    assert.equal(await assertSameParse(raw), raw);
  });

  it('keeps the body when the part header is ambiguous', async () => {
    const doubled = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: application/pdf',
      'Content-Type: text/plain',
      '',
      'quizá texto',
      '--m--',
    ]);
    assert.equal(await assertSameParse(doubled), doubled);
    const crOnlyLine = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'X-Note: a',
      '\r',
      'Content-Type: application/pdf',
      '',
      'quizá texto',
      '--m--',
    ]);
    assert.equal(await assertSameParse(crOnlyLine), crOnlyLine);
  });

  it('keeps the bodies under a header another parser reads otherwise (bare CR in a name)', async () => {
    const raw = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      'Content-Type: message/rfc822',
      '',
      'Subject: dentro',
      'Content-Type\r: multipart/mixed; boundary=n',
      '',
      '--n',
      'Content-Type: image/png; name=i.png',
      '',
      'PNGDATA',
      '--n--',
      '--m--',
    ]);
    assert.equal(await assertSameParse(raw), raw);
  });

  it('survives random damage with the same parse (seeded fuzz)', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = ['--', '\r\n', '\n', '\r', '--b1', '--b2--', ' ', ';', '"', '(x)', '\r\n\r\n'];
    for (let round = 0; round < 150; round++) {
      let raw: Buffer = withAttachment;
      for (let edit = 0; edit < 3; edit++) {
        const at = Math.floor(random() * raw.length);
        const piece = Buffer.from(pieces[Math.floor(random() * pieces.length)] ?? '');
        const cut = random() < 0.5 ? 0 : 1 + Math.floor(random() * 12);
        raw = Buffer.concat([raw.subarray(0, at), piece, raw.subarray(at + cut)]);
      }
      await assertSameParse(raw);
    }
  });

  it('parses malformed boundaries as before', async () => {
    const unclosed = crlf([
      'Subject: sin cierre',
      'Content-Type: multipart/mixed; boundary=x',
      '',
      '--x',
      'Content-Type: text/plain',
      '',
      'hola',
      '--x',
      'Content-Type: application/pdf; name=a.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
    ]);
    assert.notEqual(await assertSameParse(unclosed), unclosed);
    const noBoundary = crlf(['Content-Type: multipart/mixed', '', 'solo texto', '']);
    await assertSameParse(noBoundary);
    const wrongBoundary = crlf([
      'Content-Type: multipart/mixed; boundary=y',
      '',
      '--z',
      '',
      'texto',
      '--z--',
    ]);
    await assertSameParse(wrongBoundary);
  });

  it('returns a message without binary parts unchanged', () => {
    const raw = crlf(['Subject: hola', 'Content-Type: text/plain', '', 'hola']);
    assert.equal(textOnlyCopy(raw), raw);
  });
});
