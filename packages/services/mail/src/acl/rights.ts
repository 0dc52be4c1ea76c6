// RFC 4314 §2 rights as letters: the standard set, the obsolete "c" and "d" of RFC 2086
// (§2.1.1), SETACL's "+"/"-" modifications (§3.1) and LISTRIGHTS groups (§3.7).
import { ChasquiError } from '@chasqui/core';

/**
 * One right: l lookup, r read, s keep \Seen, w write other flags, i insert, p post, k create
 * children, x delete mailbox, t delete messages, e expunge, a administer.
 */
export type Right = 'l' | 'r' | 's' | 'w' | 'i' | 'p' | 'k' | 'x' | 't' | 'e' | 'a';

/** Every standard right, in the canonical order used in responses. */
export const allRights = 'lrswipkxtea';

/** The same rights one by one. */
export const rightLetters: readonly Right[] = ['l', 'r', 's', 'w', 'i', 'p', 'k', 'x', 't', 'e', 'a'];

const obsolete: Readonly<Record<string, string>> = { c: 'k', d: 'xte' };

/** The letters of `rights` that are standard rights, canonical order, no repeats. */
export function canonicalRights(rights: string): string {
  let out = '';
  for (const right of allRights) if (rights.includes(right)) out += right;
  return out;
}

/** True when `rights` holds `right`. */
export function hasRight(rights: string, right: Right): boolean {
  return rights.includes(right);
}

/** The union of several rights strings (RFC 4314 §2: an identifier's rights and "anyone"'s). */
export function unionRights(...sets: readonly string[]): string {
  return canonicalRights(sets.join(''));
}

/**
 * Rights as shown to clients: canonical letters plus the RFC 2086 "c" (when "k" is held) and
 * "d" (when "x", "t" and "e" are), so that old clients understand them too.
 */
export function displayRights(rights: string): string {
  const canonical = canonicalRights(rights);
  let out = canonical;
  if (canonical.includes('k')) out += 'c';
  if (['x', 't', 'e'].every((right) => canonical.includes(right))) out += 'd';
  return out;
}

/**
 * Reads SETACL's rights argument: letters, optionally after "+" (add) or "-" (remove).
 * Unknown letters (upper case included) are INVALID_ARGUMENT (§3.1: never ignored).
 */
export function parseRightsChange(text: string): { mode: 'set' | 'add' | 'remove'; rights: string } {
  const first = text.charAt(0);
  const mode = first === '+' ? 'add' : first === '-' ? 'remove' : 'set';
  const letters = mode === 'set' ? text : text.slice(1);
  let rights = '';
  for (const letter of letters) {
    const expanded = obsolete[letter] ?? (allRights.includes(letter) ? letter : null);
    if (expanded === null) throw new ChasquiError('INVALID_ARGUMENT', `unknown right ${letter}`);
    rights += expanded;
  }
  return { mode, rights: canonicalRights(rights) };
}

/** Applies a parsed SETACL change to the current rights. */
export function changeRights(current: string, change: ReturnType<typeof parseRightsChange>): string {
  if (change.mode === 'set') return change.rights;
  if (change.mode === 'add') return unionRights(current, change.rights);
  let out = '';
  for (const right of canonicalRights(current)) if (!change.rights.includes(right)) out += right;
  return out;
}
