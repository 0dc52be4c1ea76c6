// RFC 2045 §6 Content-Transfer-Encoding: base64 and quoted-printable decoding for IMAP BINARY
// (RFC 3516) and text extraction. Lenient, as RFC 2045 asks of decoders: bad characters are
// skipped, bad escapes kept literally.

/** Decodes a body by its Content-Transfer-Encoding; unknown encodings return null. */
export function decodeTransfer(body: Buffer, encoding: string | null): Buffer | null {
  switch ((encoding ?? '7bit').trim().toLowerCase()) {
    case '7bit':
    case '8bit':
    case 'binary':
    case '':
      return body;
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return null;
  }
}

/** Base64 ignoring anything outside the alphabet (line breaks, garbage). */
export function decodeBase64(body: Buffer): Buffer {
  // Node's decoder already skips whitespace and stops at invalid input; strip the rest first.
  const clean = body.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
  return Buffer.from(clean, 'base64');
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Quoted-printable: "=XX" escapes, soft line breaks "=\r\n", trailing spaces dropped. */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte === 0x3d) {
      const high = hexValue(body[i + 1]);
      const low = hexValue(body[i + 2]);
      if (high !== -1 && low !== -1) {
        out[length++] = high * 16 + low;
        i += 2;
        continue;
      }
      const softBreak = softBreakLength(body, i + 1);
      if (softBreak > 0) {
        i += softBreak;
        continue;
      }
    }
    if ((byte === 0x20 || byte === 0x09) && isTrailingSpace(body, i)) continue;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** Length of "[spaces]\r\n" or "[spaces]\n" at `at` (after "="), else 0. */
function softBreakLength(body: Buffer, at: number): number {
  let i = at;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  if (body[i] === 0x0a) return i - at + 1;
  if (body[i] === 0x0d && body[i + 1] === 0x0a) return i - at + 2;
  if (i >= body.length) return i - at;
  return 0;
}

function isTrailingSpace(body: Buffer, at: number): boolean {
  let i = at;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  return body[i] === 0x0d || body[i] === 0x0a;
}
