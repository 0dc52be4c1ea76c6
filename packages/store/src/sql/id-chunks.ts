// Set-based reads by id: `IN (…)` lists in chunks whose lengths come from a few fixed sizes
// (the last id repeated), so that a prepared-statement cache keyed by SQL text stays small.

/** Largest list per statement: well under SQLite's and PostgreSQL's parameter limits. */
const maxChunk = 512;
const sizes = [1, 8, 64, maxChunk];

/** `?, ?, …` for `count` parameters. */
export function placeholders(count: number): string {
  return count <= 0 ? '' : '?' + ', ?'.repeat(count - 1);
}

/** The distinct values split into padded chunks of at most 512. */
export function idChunks<T extends number | string>(values: readonly T[]): T[][] {
  const distinct = [...new Set(values)];
  const chunks: T[][] = [];
  for (let start = 0; start < distinct.length; start += maxChunk) {
    const chunk = distinct.slice(start, start + maxChunk);
    const size = sizes.find((candidate) => candidate >= chunk.length) ?? maxChunk;
    const last = chunk[chunk.length - 1];
    while (chunk.length < size && last !== undefined) chunk.push(last);
    chunks.push(chunk);
  }
  return chunks;
}
