// RFC 2595 §4 STLS: TLS negotiation starts after the +OK; the session forgets any USER name
// and the connection drops whatever the client pipelined in plaintext.
import { err, ok } from '../session/session-api.js';
import { authorizationState, defineCommand, noArguments } from './command-spec.js';

export const stlsCommand = defineCommand({
  verb: 'STLS',
  states: authorizationState,
  parse: noArguments('STLS'),
  run(session) {
    if (session.isTls) return Promise.resolve(err('TLS is already active'));
    if (!session.settings.offersStls) return Promise.resolve(err('STLS is not offered on this port'));
    session.pendingUser = null;
    return Promise.resolve(ok('Begin TLS negotiation', { after: 'stls' }));
  },
});
