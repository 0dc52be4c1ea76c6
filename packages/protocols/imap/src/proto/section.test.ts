import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSection, isSectionName, type SectionSpec } from './section.js';

const headerFields: SectionSpec = {
  name: 'BODY.PEEK',
  part: [],
  text: 'HEADER.FIELDS',
  fields: ['DATE', 'FROM'],
  partial: { offset: 0, length: 100 },
};

describe('formatSection', () => {
  it('RFC 9051 §7.5.2: a response drops .PEEK and gives only the origin octet', () => {
    assert.equal(formatSection(headerFields, true), 'BODY[HEADER.FIELDS (DATE FROM)]<0>');
    assert.equal(formatSection(headerFields, false), 'BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.100>');
  });

  it('formats part paths, MIME and BINARY sections', () => {
    const mime: SectionSpec = { name: 'BODY', part: [1, 2], text: 'MIME', fields: [], partial: null };
    assert.equal(formatSection(mime, true), 'BODY[1.2.MIME]');
    const binary: SectionSpec = { name: 'BINARY.PEEK', part: [1, 2], text: null, fields: [], partial: null };
    assert.equal(formatSection(binary, true), 'BINARY[1.2]');
    const whole: SectionSpec = { name: 'BODY', part: [], text: null, fields: [], partial: null };
    assert.equal(formatSection(whole, true), 'BODY[]');
  });

  it('quotes header field names that are not atoms', () => {
    const odd: SectionSpec = {
      name: 'BODY',
      part: [],
      text: 'HEADER.FIELDS',
      fields: ['X"Y', 'NIL'],
      partial: null,
    };
    assert.equal(formatSection(odd, true), 'BODY[HEADER.FIELDS ("X\\"Y" "NIL")]');
  });

  it('knows which FETCH items take a section', () => {
    assert.deepEqual(
      ['BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE', 'RFC822', 'ENVELOPE'].map(isSectionName),
      [true, true, true, true, true, false, false],
    );
  });
});
