// Spanish-aware text normalisation for the full-text index: the same function prepares what is
// indexed and what is searched, so `informacion`, `Información` and `informaciones` all meet.

// The same sets as /\p{M}+/ and /[\p{L}\p{N}]+/, with ASCII settled first: V8 tests every
// character against the large Unicode tables otherwise, and folded mail text is mostly ASCII.
const combiningMarks = /(?![\x00-\x7f])\p{M}+/gu;
const wordPattern = /(?:[a-zA-Z0-9]|(?![\x00-\x7f])[\p{L}\p{N}])+/gu;
/** Words longer than this are noise (base64 runs, hashes): they are not indexed. */
const maxWordLength = 40;

// Light stemmer: folds plural and gender endings only. Aggressive stemming (Snowball's verb
// rules) merges unrelated words in short mail searches; plural/gender is what users expect.
const suffixRules: readonly [suffix: string, replacement: string, minStem: number][] = [
  ['ciones', 'cion', 3],
  ['siones', 'sion', 3],
  ['ces', 'z', 2],
  ['es', '', 4],
  ['os', 'o', 3],
  ['as', 'a', 3],
  ['s', '', 4],
];

/** Lower-case without accents or the ñ tilde: `Información` → `informacion`. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(combiningMarks, '').toLowerCase();
}

/** The stem of one folded word. */
export function stemWord(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  for (const [suffix, replacement, minStem] of suffixRules) {
    if (word.endsWith(suffix) && word.length - suffix.length >= minStem) {
      return word.slice(0, word.length - suffix.length) + replacement;
    }
  }
  return word;
}

/** Folded words of a text short enough to index, in order. */
function indexableWords(text: string): string[] {
  return (foldAccents(text).match(wordPattern) ?? []).filter((word) => word.length <= maxWordLength);
}

/** Folded, stemmed tokens of a text, in order. */
export function searchTokens(text: string): string[] {
  return indexableWords(text).map(stemWord);
}

/**
 * Text for the index: every distinct token once, so a 5 MB body of repeated words stays small.
 * `limit` caps the characters kept (the tail of huge bodies is rarely searched).
 */
export function normaliseForIndex(text: string, limit = 1_000_000): string {
  const seen = new Set<string>();
  let length = 0;
  // A repeated word has the stem of its first occurrence: each distinct word is stemmed once.
  for (const word of new Set(indexableWords(text))) {
    const token = stemWord(word);
    if (seen.has(token)) continue;
    if (length + token.length + 1 > limit) break;
    seen.add(token);
    length += token.length + 1;
  }
  return [...seen].join(' ');
}

/** A user's query in the index's form: tokens joined by spaces, all required. */
export function normaliseQuery(query: string): string {
  return searchTokens(query).join(' ');
}
