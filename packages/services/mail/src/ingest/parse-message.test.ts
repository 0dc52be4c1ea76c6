import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage } from './parse-message.js';

const crlf = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe('parseMessage', () => {
  it('reads envelope fields, a preview and indexable text', async () => {
    const parsed = await parseMessage(
      crlf([
        'From: =?UTF-8?Q?Ana_P=C3=A9rez?= <ana@example.test>',
        'To: Luis <luis@example.test>, equipo@example.test',
        'Subject: =?ISO-8859-1?Q?Informaci=F3n_del_oficio?=',
        'Date: Tue, 24 Nov 2026 10:00:00 -0500',
        'Message-ID: <m1@example.test>',
        'In-Reply-To: <m0@example.test>',
        'References: <r1@example.test> <m0@example.test>',
        'Content-Type: text/plain; charset=windows-1252',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '> cita anterior',
        'Se adjunta la informaci=F3n =93urgente=94 del a=F1o.',
        '',
      ]),
    );
    assert.equal(parsed.subject, 'Información del oficio');
    assert.equal(parsed.from, 'Ana Pérez <ana@example.test>');
    assert.equal(parsed.fromAddress, 'ana@example.test');
    assert.equal(parsed.to, 'Luis <luis@example.test>, equipo@example.test');
    assert.equal(parsed.sentAt, Date.parse('2026-11-24T15:00:00Z'));
    assert.equal(parsed.messageIdHeader, '<m1@example.test>');
    assert.equal(parsed.inReplyTo, '<m0@example.test>');
    assert.deepEqual(parsed.references, ['<r1@example.test>', '<m0@example.test>']);
    assert.equal(parsed.preview, 'Se adjunta la información “urgente” del año.');
    assert.ok(parsed.searchText.split(' ').includes('informacion'));
    assert.equal(parsed.hasAttachment, false);
  });

  it('notices attachments and indexes their names', async () => {
    const parsed = await parseMessage(
      crlf([
        'From: a@example.test',
        'Subject: adjunto',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Hola <b>mundo</b></p><script>x()</script>',
        '--b',
        'Content-Type: application/pdf; name="Resolución.pdf"',
        'Content-Disposition: attachment; filename="Resolución.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--b--',
        '',
      ]),
    );
    assert.equal(parsed.hasAttachment, true);
    assert.equal(parsed.preview, 'Hola mundo');
    assert.ok(parsed.searchText.includes('resolucion'));
  });

  it('stores garbage with empty fields instead of failing', async () => {
    const parsed = await parseMessage(new Uint8Array([0, 1, 2, 255, 254, 10, 13, 0]));
    assert.equal(parsed.subject, '');
    assert.equal(parsed.messageIdHeader, null);
  });
});
