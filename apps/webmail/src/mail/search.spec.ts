import { describe, expect, it } from 'vitest';
import { buildSearchFilter, EMPTY_SEARCH, parseSearchText } from './search.ts';

describe('search box operators', () => {
  it('reads from:, quoted values, has:attachment and leaves the full text', () => {
    const form = parseSearchText({
      ...EMPTY_SEARCH,
      text: 'informe from:maria asunto:"plan anual" tiene:adjunto presupuesto',
    });
    expect(form).toMatchObject({
      text: 'informe presupuesto',
      from: 'maria',
      subject: 'plan anual',
      hasAttachment: true,
    });
    expect(buildSearchFilter(form)).toEqual({
      operator: 'AND',
      conditions: [
        { text: 'informe presupuesto' },
        { from: 'maria' },
        { subject: 'plan anual' },
        { hasAttachment: true },
      ],
    });
  });

  it('keeps unknown operators and URLs as text, and lowercases tags as keywords', () => {
    expect(
      parseSearchText({ ...EMPTY_SEARCH, text: 'https://gob.pe nota:1 etiqueta:Urgente' }),
    ).toMatchObject({
      text: 'https://gob.pe nota:1',
      tag: 'urgente',
    });
  });
});
