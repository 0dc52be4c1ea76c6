// The fast fold used by from/to/subject filters must be foldAccents exactly, or the SQL and
// index answers (and IMAP's) would drift apart on some sender's name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldAccents } from '../text/spanish.js';
import { foldText } from './email-filter.js';

describe('foldText', () => {
  it('agrees with foldAccents on every BMP character, alone and in Latin text', () => {
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `Pé${String.fromCharCode(code)}rez`;
      assert.equal(foldText(text), foldAccents(text), `U+${code.toString(16)}`);
    }
  });

  it('folds Spanish names, decomposed accents and capitals', () => {
    assert.equal(foldText('José PÉREZ Ñahui'), 'jose perez nahui');
    assert.equal(foldText('Jose\u0301 Pe\u0301rez'), 'jose perez');
    assert.equal(foldText('İstanbul Ærø'), foldAccents('İstanbul Ærø'));
  });
});
