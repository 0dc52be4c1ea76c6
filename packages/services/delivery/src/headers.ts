// Small header helpers over raw bytes: prepend trace headers without re-encoding the message.

/**
 * The raw message with `lines` (newest first, no CRLF) prepended. A Buffer, so that the store
 * and the summariser take it without wrapping, and not zero-filled before being overwritten.
 */
export function prependHeaderLines(raw: Uint8Array, lines: readonly string[]): Uint8Array {
  if (lines.length === 0) return raw;
  const head = Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'utf8');
  return Buffer.concat([head, raw], head.byteLength + raw.byteLength);
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
