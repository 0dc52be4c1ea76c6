// Text in a declared charset (RFC 2046 §4.1.2) as a JavaScript string. ISO-8859-1 and
// windows-1252 are common in Peruvian mail; Node 20's TextDecoder decodes both as plain Latin-1,
// so C1 controls are mapped back to the windows-1252 characters senders meant.
import { repairWindows1252 } from '../text/windows-1252.js';

const latinAliases = new Set(['iso-8859-1', 'latin1', 'latin-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii']);

/**
 * Decodes `bytes` in `charset`. Unknown or missing charsets fall back to UTF-8 when the bytes
 * are valid UTF-8, else to windows-1252. Never throws.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | null): string {
  const name = (charset ?? '').trim().toLowerCase().replace(/^"|"$/g, '');
  if (latinAliases.has(name)) {
    // us-ascii mail often carries 8-bit text anyway: prefer UTF-8 when it is valid.
    if (name === 'us-ascii') return decodeCharset(bytes, null);
    return repairWindows1252(Buffer.from(bytes).toString('latin1'));
  }
  if (name !== '' && name !== 'utf-8' && name !== 'utf8') {
    try {
      return new TextDecoder(name).decode(bytes);
    } catch {
      // Unknown label: fall through to the guess.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return repairWindows1252(Buffer.from(bytes).toString('latin1'));
  }
}
