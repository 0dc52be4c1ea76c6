// RFC 2045 §5.1 Content-Type and RFC 2183 Content-Disposition values: a token and
// `; attribute=value` parameters, with quoted strings and comments. Malformed pieces are skipped.

export interface StructuredValue {
  /** The leading token ("text/plain", "attachment"), lower-cased; "" when missing. */
  readonly value: string;
  /** Parameters in order, names lower-cased, values unquoted (RFC 2231 pieces kept as sent). */
  readonly params: readonly (readonly [name: string, value: string])[];
}

/** Removes RFC 5322 comments "(…)" outside quoted strings. */
function stripComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      out += char;
      if (char === '\\') out += text.charAt(++i);
      else if (char === '"') quoted = false;
    } else if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (depth > 0) {
      if (char === '\\') i++;
    } else {
      if (char === '"') quoted = true;
      out += char;
    }
  }
  return out;
}

/** Splits at ";" outside quoted strings. */
function splitParams(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted && char === '\\') {
      current += char + text.charAt(++i);
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      pieces.push(current);
      current = '';
    } else current += char;
  }
  pieces.push(current);
  return pieces;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  // An unterminated quote: take what follows it.
  if (trimmed.startsWith('"')) return trimmed.slice(1).replace(/\\(.)/g, '$1');
  return trimmed;
}

/** Parses `text/plain; charset="utf-8"; format=flowed`. Never throws. */
export function parseStructuredValue(text: string): StructuredValue {
  const [head = '', ...rest] = splitParams(stripComments(text));
  const params: [string, string][] = [];
  for (const piece of rest.slice(0, 100)) {
    const equals = piece.indexOf('=');
    if (equals <= 0) continue;
    const name = piece.slice(0, equals).trim().toLowerCase();
    if (!/^[!#-'*+\-.0-9A-Z^-~]+$/i.test(name)) continue;
    params.push([name, unquote(piece.slice(equals + 1))]);
  }
  return { value: head.trim().toLowerCase(), params };
}

/** A parameter's value by name, or null. */
export function paramValue(value: StructuredValue, name: string): string | null {
  return value.params.find(([key]) => key === name)?.[1] ?? null;
}
