// RFC 9051 §6.2.1 STARTTLS: TLS negotiation starts after the tagged OK; anything the client
// pipelined after the command in plaintext is discarded by the connection.
import { ok } from '../session/session-api.js';
import { CommandError } from './command-error.js';
import { defineCommand } from './command-spec.js';

export const starttlsCommand = defineCommand({
  verb: 'STARTTLS',
  states: ['not-authenticated'],
  sync: 'none',
  parse(args) {
    args.end();
  },
  run(session) {
    if (session.isTls || !session.settings.offersStartTls) {
      throw new CommandError('BAD', 'TLS is already active or not offered here');
    }
    return Promise.resolve({ ...ok('Begin TLS negotiation now'), after: () => session.startTls() });
  },
});
