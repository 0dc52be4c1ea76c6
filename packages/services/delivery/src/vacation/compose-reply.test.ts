// The reply's shape (RFC 3834 §3, RFC 5230 §4.7-4.8), read back with the mail model's parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBodyStart, headerValue, parseHeaderFields, parseMessage } from '@chasqui/mail';
import type { VacationResponseRecord } from '@chasqui/store';
import { composeVacationReply, plainTextOf, responseHash, type ReplyRequest } from './compose-reply.js';

const response: VacationResponseRecord = {
  isEnabled: true,
  fromDate: null,
  toDate: null,
  subject: null,
  textBody: 'Estoy de vacaciones hasta el lunes. Atentamente, Ana.',
  htmlBody: null,
  version: 1,
};

const request: ReplyRequest = {
  response,
  fromAddress: 'ana@example.test',
  fromName: 'Ana Pérez',
  to: 'luis@far.test',
  originalSubject: 'Reunión del martes',
  originalMessageId: '<orig-1@far.test>',
  originalReferences: ['<root@far.test>'],
  now: Date.UTC(2026, 5, 1, 15, 30),
};

function headersOf(raw: Buffer) {
  return parseHeaderFields(raw, 0, findBodyStart(raw, 0, raw.length));
}

describe('vacation reply', () => {
  it('carries the RFC 3834 headers and threads to the original', async () => {
    const raw = await composeVacationReply(request);
    const fields = headersOf(raw);
    assert.equal(headerValue(fields, 'auto-submitted'), 'auto-replied');
    assert.equal(headerValue(fields, 'in-reply-to'), '<orig-1@far.test>');
    assert.equal(headerValue(fields, 'references'), '<root@far.test> <orig-1@far.test>');
    assert.match(headerValue(fields, 'message-id') ?? '', /^<[\w-]+@example\.test>$/);
    assert.equal(headerValue(fields, 'date'), 'Mon, 01 Jun 2026 15:30:00 +0000');
    assert.match(headerValue(fields, 'content-type') ?? '', /^text\/plain; charset=utf-8/);
    const parsed = await parseMessage(raw);
    assert.equal(parsed.subject, 'Respuesta automática: Reunión del martes');
    assert.equal(parsed.from, 'Ana Pérez <ana@example.test>');
    assert.equal(parsed.to, 'luis@far.test');
    assert.match(parsed.preview, /Estoy de vacaciones hasta el lunes/);
  });

  it('uses the configured subject and sends HTML as an alternative with derived text', async () => {
    const raw = await composeVacationReply({
      ...request,
      response: {
        ...response,
        subject: 'Fuera de la oficina',
        textBody: null,
        htmlBody: '<p>Vuelvo el <b>lunes</b>.</p><p>Ana &amp; equipo</p>',
      },
    });
    const text = raw.toString('utf8');
    assert.match(text, /^Subject: Fuera de la oficina\r$/m);
    assert.match(text, /Content-Type: multipart\/alternative/);
    assert.match(text, /Content-Type: text\/plain/);
    assert.match(text, /Content-Type: text\/html/);
    assert.match(text, /\r\n\r\nVuelvo el lunes\.\r\n\r\nAna & equipo\r\n/);
    assert.doesNotMatch(text, /[^\r]\n/, 'CRLF lines only');
  });

  it('header-injection: a line break in the subject cannot add a header', async () => {
    const raw = await composeVacationReply({
      ...request,
      response: { ...response, subject: 'Fuera\r\nBcc: espia@far.test' },
    });
    const fields = headersOf(raw);
    assert.equal(headerValue(fields, 'bcc'), null);
    assert.equal(headerValue(fields, 'subject'), 'Fuera Bcc: espia@far.test');
  });

  it('derives readable text from HTML', () => {
    assert.equal(
      plainTextOf('<style>p{}</style><div>Hola&nbsp;Luis,<br>vuelvo el 8&#47;6 &eacute;</div>'),
      'Hola Luis,\nvuelvo el 8/6 &eacute;',
    );
  });

  it('hashes the text, not the dates or the switch', () => {
    const base = responseHash(response);
    assert.equal(responseHash({ ...response, isEnabled: false, toDate: 5, version: 9 }), base);
    assert.notEqual(responseHash({ ...response, textBody: 'Otro texto' }), base);
  });
});
