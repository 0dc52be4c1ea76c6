// Small header helpers over raw bytes: prepend trace headers without re-encoding the message.

const encoder = new TextEncoder();

/** The raw message with `lines` (newest first, no CRLF) prepended. */
export function prependHeaderLines(raw: Uint8Array, lines: readonly string[]): Uint8Array {
  if (lines.length === 0) return raw;
  const head = encoder.encode(lines.map((line) => `${line}\r\n`).join(''));
  const out = new Uint8Array(head.byteLength + raw.byteLength);
  out.set(head, 0);
  out.set(raw, head.byteLength);
  return out;
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
