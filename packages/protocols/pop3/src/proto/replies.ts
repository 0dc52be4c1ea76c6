// POP3 responses (RFC 1939 §3): "+OK"/"-ERR" status lines with the extended response codes of
// RFC 2449 §8 and RFC 3206, and multi-line bodies ended by "." with byte-stuffing.

/** Extended response codes (RFC 2449 §8.1, RFC 3206 §4–5). */
export type ResponseCode = 'AUTH' | 'SYS/TEMP' | 'SYS/PERM' | 'IN-USE' | 'LOGIN-DELAY';

/** RFC 2449 §4: responses are at most 512 octets, CRLF included. */
const maxStatusText = 480;

/** Keeps a status text on one line and within the response length limit. */
function clean(text: string): string {
  const flat = text.replace(/[\r\n\0]+/g, ' ');
  return flat.length > maxStatusText ? flat.slice(0, maxStatusText) : flat;
}

/** `+OK text` */
export function okLine(text: string): Buffer {
  return Buffer.from(text === '' ? '+OK\r\n' : `+OK ${clean(text)}\r\n`, 'utf8');
}

/** `-ERR [CODE] text` */
export function errLine(text: string, code?: ResponseCode): Buffer {
  const prefix = code === undefined ? '' : `[${code}] `;
  return Buffer.from(`-ERR ${prefix}${clean(text)}\r\n`, 'utf8');
}

/** The SASL continuation: "+ " and a base64 challenge (RFC 5034 §4); PLAIN's is empty. */
export function continuationLine(challenge = ''): Buffer {
  return Buffer.from(`+ ${challenge}\r\n`, 'latin1');
}

/** A multi-line body of short text lines (LIST, UIDL, CAPA), stuffed and terminated. */
export function textBlock(lines: readonly string[]): Buffer {
  let out = '';
  for (const line of lines) out += line.startsWith('.') ? `.${line}\r\n` : `${line}\r\n`;
  return Buffer.from(`${out}.\r\n`, 'utf8');
}
