// Messages as multi-line responses (RFC 1939 §3): every line ends with CRLF, a line starting
// with "." gets one more "." (byte-stuffing), and "." alone ends the response. Pure and
// copy-free in the common case: a CRLF message without dot lines goes out as the stored buffer.

const lf = 0x0a;
const cr = 0x0d;
const dot = 0x2e;
const terminator = Buffer.from('.\r\n');
const crlfTerminator = Buffer.from('\r\n.\r\n');

/**
 * The bytes to send for `raw`: the buffer itself (or one fixed copy when lines need a "." or a
 * CR), then the terminator (with a CRLF first when the message does not end with one).
 */
export function encodeMessageBody(raw: Buffer): Buffer[] {
  if (raw.length === 0) return [terminator];
  const fixes = findFixes(raw);
  const body = fixes.length === 0 ? raw : applyFixes(raw, fixes);
  return [body, raw.at(-1) === lf ? terminator : crlfTerminator];
}

/**
 * Insertions as `position * 2 + kind`, ascending: kind 0 puts a "." before the byte at
 * `position` (a line start), kind 1 puts a CR before the LF at `position`.
 */
function findFixes(raw: Buffer): number[] {
  const fixes: number[] = [];
  let start = 0;
  while (start < raw.length) {
    if (raw[start] === dot) fixes.push(start * 2);
    const end = raw.indexOf(lf, start);
    if (end < 0) break;
    if (end === 0 || raw[end - 1] !== cr) fixes.push(end * 2 + 1);
    start = end + 1;
  }
  return fixes;
}

function applyFixes(raw: Buffer, fixes: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(raw.length + fixes.length);
  let from = 0;
  let to = 0;
  for (const fix of fixes) {
    const position = fix >>> 1;
    to += raw.copy(out, to, from, position);
    out[to++] = (fix & 1) === 0 ? dot : cr;
    from = position;
  }
  raw.copy(out, to, from);
  return out;
}

/**
 * TOP (RFC 1939 §7): the header, the blank line after it and the first `bodyLines` lines of
 * the body, as a view of `raw`. A message without a blank line is all header.
 */
export function topOfMessage(raw: Buffer, bodyLines: number): Buffer {
  let start = 0;
  let isInBody = false;
  let taken = 0;
  while (start < raw.length) {
    if (isInBody && taken === bodyLines) return raw.subarray(0, start);
    const end = raw.indexOf(lf, start);
    if (end < 0) return raw;
    if (isInBody) taken++;
    else if (end === start || (end === start + 1 && raw[start] === cr)) isInBody = true;
    start = end + 1;
  }
  return raw;
}
