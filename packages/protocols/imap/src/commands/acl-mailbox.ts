// Shared by the RFC 4314 §3 commands: the mailbox argument (one's own or another account's) and
// the refusals that are NO rather than the catalogue's default.
import { isChasquiError } from '@chasqui/core';
import { astring, type AstringValue } from '../proto/index.js';
import type { SessionApi } from '../session/session-api.js';
import { requireMailbox, type MailboxRef } from '../shared/mailbox-ref.js';
import { CommandError } from './command-error.js';

/** The mailbox a command names, NO [NONEXISTENT] when missing or hidden. */
export function aclMailbox(session: SessionApi, name: string): Promise<MailboxRef> {
  return requireMailbox(session, name);
}

/** The mailbox name as the response shows it. */
export function shownName(session: SessionApi, ref: MailboxRef): AstringValue {
  return astring(session.formatMailboxName(ref.path));
}

/**
 * Runs an ACL change: an unknown identifier or the owner's own rights are NO [CANNOT] (they
 * are well-formed requests the server will not carry out), not the catalogue's BAD.
 */
export async function refusingInvalid<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isChasquiError(error, 'INVALID_ARGUMENT')) throw new CommandError('NO', error.message, 'CANNOT');
    throw error;
  }
}
