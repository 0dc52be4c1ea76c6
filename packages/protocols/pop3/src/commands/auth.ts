// RFC 5034 AUTH with SASL PLAIN (RFC 4616), with or without an initial response ("=" is an
// empty one). "AUTH" alone lists the mechanisms, as RFC 1734-era clients expect.
import { continuationLine, decodePlain } from '../proto/index.js';
import { err, ok, type Pop3Reply, type SessionApi } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { authorizationState, defineCommand } from './command-spec.js';
import { authenticate, requirePrivacy } from './login-flow.js';

/** The response: the initial one, or the line after a "+ " continuation. */
async function readResponse(session: SessionApi, initial: string | null): Promise<string | Pop3Reply | null> {
  if (initial !== null) return initial === '=' ? '' : initial;
  await session.sendRaw(continuationLine());
  const line = await session.readSaslLine();
  if (line === null) return null;
  if (line === 'too-long') return err('SASL response too long');
  const text = line.toString('latin1').trim();
  // RFC 5034 §4: "*" cancels the exchange.
  if (text === '*') return err('Authentication cancelled');
  return text;
}

export const authCommand = defineCommand({
  verb: 'AUTH',
  states: authorizationState,
  parse(args) {
    if (args.length > 2) syntaxError('AUTH takes a mechanism and an optional initial response');
    const [mechanism, initial] = args;
    return { mechanism: mechanism?.toUpperCase() ?? null, initial: initial ?? null };
  },
  async run(session, { mechanism, initial }) {
    if (mechanism === null) {
      // As in CAPA: no mechanism is on offer where logging in is refused anyway.
      const canLogIn = session.isTls || session.settings.allowPlaintextAuth;
      return ok('Supported mechanisms follow', { lines: canLogIn ? ['PLAIN'] : [] });
    }
    requirePrivacy(session);
    if (mechanism !== 'PLAIN') return err(`Unsupported authentication mechanism ${mechanism.slice(0, 20)}`);
    session.pendingUser = null;
    const response = await readResponse(session, initial);
    if (response === null) return err('Connection closed');
    if (typeof response !== 'string') return response;
    const credentials = decodePlain(response);
    if (credentials === null) return err('Malformed PLAIN response');
    if (credentials.authzid !== '' && credentials.authzid !== credentials.username) {
      return err('Acting as another user is not allowed', 'AUTH');
    }
    return authenticate(session, credentials.username, credentials.password);
  },
});
