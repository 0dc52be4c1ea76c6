// Shared by LOGIN and AUTHENTICATE: the TLS rule (RFC 9051 §6.2.3 LOGINDISABLED), the one
// directory entry point, and the reply with the new capabilities (RFC 9051 §7.1 CAPABILITY code).
import { atom } from '../proto/index.js';
import { ok, type CommandResult, type SessionApi } from '../session/session-api.js';
import { CommandError } from './command-error.js';

/** Refuses authentication over plaintext unless the listener allows it. */
export function requirePrivacy(session: SessionApi): void {
  if (!session.isTls && !session.settings.allowPlaintextAuth) {
    throw new CommandError('NO', 'Use STARTTLS before logging in', 'PRIVACYREQUIRED');
  }
}

/** Authenticates through the directory and enters the authenticated state. */
export async function logIn(session: SessionApi, username: string, password: string): Promise<CommandResult> {
  const account = await session.directory.authenticate({
    username,
    password,
    protocol: 'imap',
    remoteIp: session.remoteAddress,
  });
  await session.login(account);
  const args = session.capabilities().map((name) => atom(name));
  return ok('Logged in', { name: 'CAPABILITY', args });
}
