// RFC 3501 §5.1.3 modified UTF-7 mailbox names, for IMAP4rev1 clients that have not enabled
// UTF8=ACCEPT (RFC 9051 §5.1 sends UTF-8 otherwise).

export type MailboxNameResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

const AMPERSAND = 0x26;
const BASE64_RUN = /^[A-Za-z0-9+,]+$/;

function isPrintable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/**
 * Encodes a mailbox name: printable ASCII stands for itself ("&" as "&-"), anything else goes
 * as UTF-16 in modified base64 between "&" and "-". Throws on a string with lone surrogates.
 */
export function encodeMailboxName(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const code = name.charCodeAt(i);
    if (isPrintable(code)) {
      out += code === AMPERSAND ? '&-' : name.charAt(i);
      i++;
      continue;
    }
    let end = i;
    while (end < name.length && !isPrintable(name.charCodeAt(end))) end++;
    out += `&${toModifiedBase64(name.slice(i, end))}-`;
    i = end;
  }
  return out;
}

function toModifiedBase64(run: string): string {
  if (!isWellFormed(run)) throw new TypeError('Mailbox name has an unpaired UTF-16 surrogate');
  const bytes = Buffer.alloc(run.length * 2);
  for (let i = 0; i < run.length; i++) bytes.writeUInt16BE(run.charCodeAt(i), i * 2);
  return bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',');
}

function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/**
 * Decodes a modified UTF-7 mailbox name. Only the canonical form that encodeMailboxName()
 * produces is accepted, so that each mailbox has exactly one spelling on the wire.
 */
export function decodeMailboxName(text: string): MailboxNameResult {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isPrintable(code)) return invalid('characters outside printable US-ASCII');
    if (code !== AMPERSAND) {
      out += text.charAt(i);
      i++;
      continue;
    }
    const end = text.indexOf('-', i + 1);
    if (end === -1) return invalid('"&" without a closing "-"');
    if (end === i + 1) {
      out += '&';
    } else {
      const run = decodeRun(text.slice(i + 1, end));
      if (!run.ok) return run;
      out += run.value;
    }
    i = end + 1;
  }
  if (encodeMailboxName(out) !== text) return invalid('not in canonical form');
  return { ok: true, value: out };
}

function decodeRun(run: string): MailboxNameResult {
  if (!BASE64_RUN.test(run) || run.length % 4 === 1) return invalid('bad modified base64');
  const bytes = Buffer.from(run.replace(/,/g, '/'), 'base64');
  if (bytes.length % 2 !== 0) return invalid('encoded run is not UTF-16');
  let value = '';
  for (let i = 0; i < bytes.length; i += 2) {
    const unit = bytes.readUInt16BE(i);
    if (isPrintable(unit)) return invalid('printable ASCII must not be encoded');
    value += String.fromCharCode(unit);
  }
  if (!isWellFormed(value)) return invalid('unpaired UTF-16 surrogate');
  return { ok: true, value };
}

function invalid(reason: string): MailboxNameResult {
  return { ok: false, error: `Invalid modified UTF-7 mailbox name: ${reason}` };
}
