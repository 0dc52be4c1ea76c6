// Message-number arguments (RFC 1939 §5): a number names a message of the maildrop unless it
// is out of range or marked deleted; either way the command answers -ERR.
import { parseMessageNumber } from '../proto/index.js';
import type { Maildrop, MaildropMessage } from '../session/maildrop.js';
import type { SessionApi } from '../session/session-api.js';
import { CommandError, syntaxError } from './command-error.js';

/** The session's maildrop; only TRANSACTION-state commands call this. */
export function maildropOf(session: SessionApi): Maildrop {
  if (session.maildrop === null) throw new CommandError('No maildrop is open');
  return session.maildrop;
}

/** Parses a required message number. */
export function messageNumberArg(verb: string, text: string | undefined): number {
  const number = text === undefined ? null : parseMessageNumber(text);
  if (number === null) syntaxError(`${verb} needs a message number`);
  return number;
}

/** The message `number` names; -ERR when there is none or it is marked deleted. */
export function requireMessage(maildrop: Maildrop, number: number): MaildropMessage {
  const message = maildrop.message(number);
  if (message !== null) return message;
  if (maildrop.isDeleted(number)) throw new CommandError(`message ${number} already deleted`);
  throw new CommandError(`no such message, only ${maildrop.count} messages in maildrop`);
}

/** The reply for a message that left INBOX after login (IMAP EXPUNGE or MOVE meanwhile). */
export function goneError(number: number): CommandError {
  return new CommandError(`message ${number} was removed by another session`);
}
