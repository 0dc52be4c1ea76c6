// RFC 9051 §6.3.9 LIST patterns: reference + mailbox with "*" (any) and "%" (any within one
// level), INBOX matched case-insensitively.
import { mailboxDelimiter } from '@chasqui/core';

/** A matcher for one reference + pattern pair. */
export function listMatcher(reference: string, pattern: string): (name: string) => boolean {
  let full = pattern.startsWith(mailboxDelimiter) || reference === '' ? pattern : reference + pattern;
  if (pattern.startsWith(mailboxDelimiter) && reference !== '') full = reference + pattern.slice(1);
  if (/^inbox(?=$|[/%*])/i.test(full)) full = 'INBOX' + full.slice(5);
  let source = '^';
  for (const char of full) {
    if (char === '*') source += '.*';
    else if (char === '%') source += '[^/]*';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`${source}$`, 'su');
  return (name) => regex.test(name);
}

/** True when some other name is below `name`. */
export function hasChildren(name: string, names: ReadonlySet<string>): boolean {
  const prefix = name + mailboxDelimiter;
  for (const other of names) if (other.startsWith(prefix)) return true;
  return false;
}
