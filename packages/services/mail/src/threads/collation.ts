// RFC 4790 §9.2 i;ascii-casemap, the collation RFC 5256 asks SORT and THREAD to use: ASCII
// letters compare without case, every other character by its code.

/** The comparison key of a string under i;ascii-casemap. */
export function asciiCasemapKey(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** Orders two strings under i;ascii-casemap: negative, zero or positive. */
export function compareAsciiCasemap(a: string, b: string): number {
  const left = asciiCasemapKey(a);
  const right = asciiCasemapKey(b);
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
