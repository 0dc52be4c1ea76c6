// Shared by COPY (RFC 9051 §6.4.7) and MOVE (RFC 6851): the target lookup with [TRYCREATE] and
// the RFC 4315 COPYUID code, source and target UIDs in corresponding order.
import type { Mailbox } from '@chasqui/mail';
import { atom, formatSequenceSet, type ResponseCode } from '../proto/index.js';
import type { ViewMessage } from '../session/selected-mailbox.js';
import type { SessionApi } from '../session/session-api.js';
import { findMailbox } from '../shared/mailbox-ref.js';
import { parseSharedPath } from '../shared/shared-paths.js';
import { CommandError } from './command-error.js';

/**
 * The target of COPY, MOVE or APPEND. A missing mailbox of one's own is [TRYCREATE]; another
 * account's is [NONEXISTENT], whether missing or hidden (RFC 4314 §4).
 */
export async function targetMailbox(
  session: SessionApi,
  name: string,
  missing = 'No such target mailbox',
): Promise<Mailbox> {
  const ref = await findMailbox(session, name);
  if (ref) return ref.mailbox;
  if (parseSharedPath(name).kind !== 'own') throw new CommandError('NO', 'No such mailbox', 'NONEXISTENT');
  throw new CommandError('NO', missing, 'TRYCREATE');
}

/** COPYUID uidvalidity source-uids target-uids, or undefined when nothing was copied. */
export function copyUidCode(
  target: Mailbox,
  messages: readonly ViewMessage[],
  newUids: ReadonlyMap<number, number>,
): ResponseCode | undefined {
  const pairs = messages
    .map((m) => [m.uid, newUids.get(m.entry.messageId)] as const)
    .filter((pair): pair is readonly [number, number] => pair[1] !== undefined)
    .sort((a, b) => a[0] - b[0]);
  if (pairs.length === 0) return undefined;
  return {
    name: 'COPYUID',
    args: [
      target.uidValidity,
      atom(formatSequenceSet(pairs.map((pair) => pair[0]))),
      atom(formatSequenceSet(pairs.map((pair) => pair[1]))),
    ],
  };
}
