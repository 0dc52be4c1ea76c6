// RFC 2342 "other users" namespace: another account's mailbox "Proyectos" of ana@example.test is
// "Otros usuarios/ana@example.test/Proyectos" to everyone it is shared with (RFC 4314).
import { mailboxDelimiter } from '@chasqui/core';

/** The other users' namespace, without its trailing delimiter. */
export const sharedPrefix = 'Otros usuarios';

/** What a path names: one's own mailbox, the namespace root, an owner's level or a mailbox. */
export type SharedPath =
  | { readonly kind: 'own' }
  | { readonly kind: 'root' }
  | { readonly kind: 'owner'; readonly ownerAddress: string }
  | { readonly kind: 'mailbox'; readonly ownerAddress: string; readonly name: string };

/** Splits a client's mailbox path. */
export function parseSharedPath(path: string): SharedPath {
  if (path === sharedPrefix || path === sharedPrefix + mailboxDelimiter) return { kind: 'root' };
  if (!path.startsWith(sharedPrefix + mailboxDelimiter)) return { kind: 'own' };
  const rest = path.slice(sharedPrefix.length + 1);
  const cut = rest.indexOf(mailboxDelimiter);
  if (cut === -1) return { kind: 'owner', ownerAddress: rest };
  const name = rest.slice(cut + 1);
  if (name === '') return { kind: 'owner', ownerAddress: rest.slice(0, cut) };
  return { kind: 'mailbox', ownerAddress: rest.slice(0, cut), name };
}

/** The path of another account's mailbox. */
export function sharedPath(ownerAddress: string, name: string): string {
  return [sharedPrefix, ownerAddress, name].join(mailboxDelimiter);
}
