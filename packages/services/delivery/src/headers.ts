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

/** Folds a long header at spaces so no line passes 78 characters (RFC 5322 §2.1.1). */
export function foldHeader(line: string, width = 78): string {
  if (line.length <= width) return line;
  const words = line.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = ` ${word}`;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  lines.push(current);
  return lines.join('\r\n');
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
