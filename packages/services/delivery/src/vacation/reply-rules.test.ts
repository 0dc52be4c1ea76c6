// The silence rules of RFC 3834 §2 and RFC 5230 §4.5, one case per marker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderField } from '@chasqui/mail';
import type { VacationResponseRecord } from '@chasqui/store';
import {
  addressedTo,
  headerSilence,
  isLikelyForged,
  isSystemSender,
  isVacationActive,
  messageSilence,
  namedAddress,
} from './reply-rules.js';

function fields(...lines: string[]): HeaderField[] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    return { name: line.slice(0, colon), value: line.slice(colon + 1).trim() };
  });
}

function facts(sender: string) {
  return { sender, fields: [], isSpam: false, authResults: null };
}

const response: VacationResponseRecord = {
  isEnabled: true,
  fromDate: null,
  toDate: null,
  subject: null,
  textBody: 'Vuelvo el lunes',
  htmlBody: null,
  version: 1,
};

describe('vacation window (RFC 8621 §8)', () => {
  const june = Date.UTC(2026, 5, 1);
  it('is off when disabled, on with no bounds', () => {
    assert.equal(isVacationActive({ ...response, isEnabled: false }, june), false);
    assert.equal(isVacationActive(response, june), true);
  });
  it('starts at fromDate and stops at toDate', () => {
    const bounded = { ...response, fromDate: june, toDate: june + 86_400_000 };
    assert.equal(isVacationActive(bounded, june - 1), false);
    assert.equal(isVacationActive(bounded, june), true);
    assert.equal(isVacationActive(bounded, june + 86_400_000 - 1), true);
    assert.equal(isVacationActive(bounded, june + 86_400_000), false);
  });
});

describe('system senders (RFC 3834 §2)', () => {
  for (const sender of [
    'MAILER-DAEMON@far.test',
    'owner-lista@far.test',
    'lista-request@far.test',
    'LISTSERV@far.test',
    'majordomo@far.test',
    'noreply@far.test',
    'No-Reply@far.test',
    'do-not-reply@far.test',
    'donotreply@far.test',
    'bounces+123-abc@far.test',
    'lista-bounces@far.test',
  ]) {
    it(`stays silent for ${sender}`, () => {
      assert.equal(isSystemSender(sender), true);
      assert.equal(messageSilence(facts(sender)), 'system-sender');
    });
  }
  for (const sender of ['luis@far.test', 'requests@far.test', 'norah@far.test', 'owner@far.test']) {
    it(`answers ${sender}`, () => {
      assert.equal(isSystemSender(sender), false);
    });
  }
  it('never answers the null reverse-path', () => {
    assert.equal(messageSilence(facts('')), 'null-sender');
  });
  it('never answers spam', () => {
    assert.equal(messageSilence({ ...facts('luis@far.test'), isSpam: true }), 'spam');
  });
});

describe('forged senders (RFC 3834 §2, backscatter)', () => {
  const cases: [string, boolean][] = [
    ['mx.example.test; spf=fail smtp.mailfrom=far.test; dkim=none; dmarc=none', true],
    ['mx.example.test; spf=fail smtp.mailfrom=far.test; dkim=pass header.d=far.test', false],
    ['mx.example.test; spf=pass smtp.mailfrom=far.test; dmarc=fail header.from=far.test', true],
    ['mx.example.test; spf=none; dkim=none; dmarc=none', false],
    ['mx.example.test; spf=softfail smtp.mailfrom=far.test', false],
  ];
  for (const [results, forged] of cases) {
    it(`${results} → ${forged ? 'silent' : 'reply'}`, () => {
      assert.equal(isLikelyForged(results), forged);
    });
  }
  it('stays silent for a forged sender before any lookup', () => {
    const authResults = 'mx.example.test; spf=fail smtp.mailfrom=far.test';
    assert.equal(messageSilence({ ...facts('luis@far.test'), authResults }), 'forged-sender');
  });
});

describe('header markers', () => {
  const cases: [string[], string | null][] = [
    [['Auto-Submitted: auto-generated'], 'auto-submitted'],
    [['Auto-Submitted: auto-replied (vacation)'], 'auto-submitted'],
    [['Auto-Submitted: no'], null],
    [['Auto-Submitted: No (a person wrote this)'], null],
    [['X-Autoreply: yes'], 'auto-submitted'],
    [['Precedence: bulk'], 'bulk-precedence'],
    [['Precedence: LIST'], 'bulk-precedence'],
    [['Precedence: junk'], 'bulk-precedence'],
    [['Precedence: first-class'], null],
    [['List-Id: Anuncios <anuncios.far.test>'], 'mailing-list'],
    [['List-Unsubscribe: <mailto:salir@far.test>'], 'mailing-list'],
    [['List-Post: <mailto:lista@far.test>'], 'mailing-list'],
    [['Feedback-ID: 1:campaign:sender'], 'mailing-list'],
    [['X-Auto-Response-Suppress: OOF'], 'suppressed-by-sender'],
    [['X-Auto-Response-Suppress: DR, All'], 'suppressed-by-sender'],
    [['X-Auto-Response-Suppress: NDR'], null],
  ];
  for (const [lines, expected] of cases) {
    it(`${lines.join(' | ')} → ${expected ?? 'reply'}`, () => {
      assert.equal(headerSilence(fields(...lines)), expected);
    });
  }
});

describe('explicit addressing (RFC 5230 §4.5)', () => {
  const own = new Set(['ana@example.test', 'ventas@example.test']);
  it('reads To, Cc, Bcc and Resent- fields, groups included', () => {
    const named = addressedTo(
      fields(
        'To: "Pérez, Ana" <ANA@example.test>, luis@far.test',
        'Cc: Equipo: rosa@far.test, beto@far.test;',
        'Resent-To: x@far.test',
        'Subject: ana@example.test',
      ),
    );
    assert.deepEqual([...named].sort(), [
      'ana@example.test',
      'beto@far.test',
      'luis@far.test',
      'rosa@far.test',
      'x@far.test',
    ]);
  });
  it('answers from the address the mail was sent to, preferring the envelope one', () => {
    const headers = fields('To: ventas@example.test', 'Cc: ana@example.test');
    assert.deepEqual(namedAddress('luis@far.test', headers, own, 'ventas@example.test'), {
      address: 'ventas@example.test',
    });
    assert.deepEqual(
      namedAddress('luis@far.test', fields('To: ventas@example.test'), own, 'ana@example.test'),
      {
        address: 'ventas@example.test',
      },
    );
  });
  it('stays silent for Bcc-only (implicit) delivery and for the user’s own mail', () => {
    assert.deepEqual(namedAddress('luis@far.test', fields('To: lista@far.test'), own, 'ana@example.test'), {
      silence: 'not-addressed',
    });
    assert.deepEqual(
      namedAddress('Ventas@example.test', fields('To: ana@example.test'), own, 'ana@example.test'),
      {
        silence: 'own-message',
      },
    );
  });
});
