// RFC 9051 §4.3 literal announcements at the end of a line: "{n}", "{n+}" (RFC 7888 LITERAL+/-)
// and "~{n}" / "~{n+}" (RFC 3516 literal8).

/** A literal announced at the end of a command line. */
export interface LiteralMarker {
  /** Announced octet count; Infinity when the digits are too many to be a real size. */
  readonly size: number;
  /** "{n+}": the client sends the data without waiting for a continuation. */
  readonly nonSync: boolean;
  /** "~{n}": literal8, may contain NUL. */
  readonly binary: boolean;
  /** Index in the line where the marker ("{" or "~") starts. */
  readonly start: number;
}

// More digits than this cannot be a size we would accept; parse them as Infinity.
const MAX_SIZE_DIGITS = 15;

/**
 * Finds the literal marker that ends `line` (given without its CRLF), or null.
 * `truncated` says the line's beginning is missing: digits running to the start then count
 * as a marker of unknown (Infinity) size, so that skipped data is never taken for a command.
 */
export function findLiteralMarker(line: Uint8Array, truncated = false): LiteralMarker | null {
  let i = line.length - 1;
  if (i < 0 || line[i] !== 0x7d) return null;
  i--;
  const nonSync = line[i] === 0x2b;
  if (nonSync) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && isDigit(line[i])) i--;
  const digitCount = digitsEnd - (i + 1);
  if (i < 0) {
    return truncated && digitCount > 0 ? { size: Infinity, nonSync, binary: false, start: 0 } : null;
  }
  if (digitCount === 0 || line[i] !== 0x7b) return null;
  const binary = i > 0 && line[i - 1] === 0x7e;
  const start = binary ? i - 1 : i;
  const size = digitCount > MAX_SIZE_DIGITS ? Infinity : parseDigits(line, i + 1, digitsEnd);
  return { size, nonSync, binary, start };
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function parseDigits(line: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + ((line[i] ?? 0x30) - 0x30);
  return value;
}
