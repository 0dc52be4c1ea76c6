// Turns failures into SMTP replies with the right basic and enhanced codes (RFC 3463), from the
// one error catalogue; unexpected errors become a 451 that hides internals.
import { isChasquiError } from '@chasqui/core';
import type { Refusal } from '@chasqui/delivery';

export interface SmtpReplyError extends Error {
  responseCode: number;
}

/** An error smtp-server sends as `<code> <enhanced> <text>`. */
export function smtpReply(code: number, enhanced: string, text: string): SmtpReplyError {
  const error = new Error(`${enhanced} ${text.replace(/[\r\n]+/g, ' ')}`) as SmtpReplyError;
  error.responseCode = code;
  return error;
}

export function replyForRefusal(refusal: Refusal): SmtpReplyError {
  return smtpReply(refusal.code, refusal.enhanced, refusal.text);
}

export function replyForError(error: unknown): SmtpReplyError {
  if (isChasquiError(error)) {
    const [code, enhanced] = error.spec.smtp;
    return smtpReply(code, enhanced, error.message);
  }
  return smtpReply(451, '4.3.0', 'Local error in processing; try again later');
}

const enhancedPrefix = /^[245]\.\d{1,3}\.\d{1,3} /;

/** True when a reply text already carries its own enhanced status code. */
export function hasEnhancedCode(text: unknown): boolean {
  return typeof text === 'string' && enhancedPrefix.test(text);
}
