// Shared by PASS and AUTH: the TLS rule (RFC 2595 §4, RFC 8314), the one directory entry
// point, and the mapping of its refusals to RFC 3206 response codes: [AUTH] when the
// credentials are the problem (throttling included: the client should not retry blindly),
// [SYS/PERM] for a disabled account, [SYS/TEMP] for everything temporary.
import { isChasquiError } from '@chasqui/core';
import { err, type Pop3Reply, type SessionApi } from '../session/session-api.js';
import { CommandError } from './command-error.js';

/** The limiter says "… retry in N s"; clients show this text, so keep the wait in it. */
function throttledText(detail: string): string {
  const seconds = /(\d+) s\b/.exec(detail)?.[1];
  const when = seconds === undefined ? 'later' : `in ${seconds} seconds`;
  return `Too many failed logins; try again ${when}`;
}

/** Refuses credentials over plaintext unless the listener allows it. */
export function requirePrivacy(session: SessionApi): void {
  if (session.isTls || session.settings.allowPlaintextAuth) return;
  const advice = session.settings.offersStls ? 'use STLS first' : 'connect over TLS';
  throw new CommandError(`Plaintext authentication is not allowed on this connection; ${advice}`, 'AUTH');
}

/** Checks the credentials through the directory and opens the maildrop. */
export async function authenticate(
  session: SessionApi,
  username: string,
  password: string,
): Promise<Pop3Reply> {
  let account;
  try {
    account = await session.directory.authenticate({
      username,
      password,
      protocol: 'pop3',
      remoteIp: session.remoteAddress,
    });
  } catch (error) {
    return refusalFor(error);
  }
  return session.logIn(account);
}

function refusalFor(error: unknown): Pop3Reply {
  if (!isChasquiError(error)) throw error;
  switch (error.code) {
    case 'AUTH_FAILED':
      return err('Authentication failed', 'AUTH');
    case 'AUTH_THROTTLED':
      return err(throttledText(error.message), 'AUTH');
    case 'PASSWORD_EXPIRED':
      return err('Password expired; change it in webmail', 'AUTH');
    case 'ACCOUNT_DISABLED':
      return err('Account disabled', 'SYS/PERM');
    default:
      return err('Authentication is unavailable now; try again later', 'SYS/TEMP');
  }
}
