import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldAccents, normaliseForIndex, normaliseQuery, stemWord } from './spanish.js';

describe('Spanish normalisation', () => {
  it('folds accents, the ñ tilde and case', () => {
    assert.equal(foldAccents('Información AÑO Pingüino'), 'informacion ano pinguino');
  });

  it('stems plural and gender endings', () => {
    assert.equal(stemWord('informaciones'), 'informacion');
    assert.equal(stemWord('luces'), 'luz');
    assert.equal(stemWord('oficios'), 'oficio');
    assert.equal(stemWord('cartas'), 'carta');
    assert.equal(stemWord('mes'), 'mes');
    assert.equal(stemWord('2026s'), '2026s');
  });

  it('makes the query and the indexed text meet whatever the accents', () => {
    const indexed = normaliseForIndex('La Información del oficio Nº 45 sobre las licitaciones').split(' ');
    for (const query of ['informacion', 'INFORMACIÓN', 'informaciones', 'licitación', 'oficios']) {
      assert.ok(indexed.includes(normaliseQuery(query)), query);
    }
  });

  it('keeps each token once and skips base64-like noise', () => {
    const text = `hola hola hola ${'A'.repeat(80)} adiós`;
    assert.equal(normaliseForIndex(text), 'hola adio');
  });
});
