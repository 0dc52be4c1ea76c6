// RFC 9051 §6.2.2 AUTHENTICATE with SASL PLAIN (RFC 4616), initial response per RFC 4959 SASL-IR.
import { CommandError, badArguments } from './command-error.js';
import { defineCommand } from './command-spec.js';
import { logIn, requirePrivacy } from './login-flow.js';

/** Decodes "authzid NUL authcid NUL passwd"; null when malformed. */
export function decodePlain(base64: string): { authzid: string; username: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
  const parts = Buffer.from(base64, 'base64').toString('utf8').split('\0');
  if (parts.length !== 3) return null;
  const [authzid = '', username = '', password = ''] = parts;
  return { authzid, username, password };
}

export const authenticateCommand = defineCommand({
  verb: 'AUTHENTICATE',
  states: ['not-authenticated'],
  sync: 'none',
  parse(args) {
    const mechanism = args.atom('SASL mechanism').toUpperCase();
    const initial = args.hasMore ? args.astring('initial response') : null;
    args.end();
    return { mechanism, initial };
  },
  async run(session, { mechanism, initial }) {
    requirePrivacy(session);
    if (mechanism !== 'PLAIN') throw new CommandError('NO', 'Only PLAIN is supported', 'CANNOT');
    let response = initial === '=' ? '' : initial;
    if (response === null) {
      await session.sendContinuation('');
      const line = await session.readLine();
      if (line === null) throw new CommandError('BAD', 'Connection closed');
      response = line.toString('latin1').trim();
      if (response === '*') throw new CommandError('BAD', 'Authentication cancelled');
    }
    const credentials = decodePlain(response);
    if (credentials === null) badArguments('Malformed PLAIN response');
    if (credentials.authzid !== '' && credentials.authzid !== credentials.username) {
      throw new CommandError('NO', 'Acting as another user is not allowed', 'AUTHORIZATIONFAILED');
    }
    return logIn(session, credentials.username, credentials.password);
  },
});
