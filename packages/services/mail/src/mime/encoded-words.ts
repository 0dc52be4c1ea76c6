// RFC 2047 encoded-words in header text ("=?ISO-8859-1?Q?Informaci=F3n?="), with RFC 2231
// language suffixes; whitespace between adjacent encoded-words is dropped (RFC 2047 §6.2).
import { decodeCharset } from './charsets.js';
import { decodeBase64 } from './transfer-encoding.js';

const encodedWord = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=/g;
const betweenWords = /(=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[QqBb]\?[^?\s]*\?=)/g;

function decodeQ(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '_') bytes.push(0x20);
    else if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Decodes every encoded-word in `text`; malformed ones are left as they are. */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  return text
    .replace(betweenWords, '$1')
    .replace(encodedWord, (_match, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === 'B' ? decodeBase64(Buffer.from(data, 'latin1')) : decodeQ(data);
      return decodeCharset(bytes, charset);
    });
}
