// RFC 9051 §6.1.3 LOGOUT: BYE, tagged OK, then the connection closes.
import { ok } from '../session/session-api.js';
import { anyState, defineCommand } from './command-spec.js';

export const logoutCommand = defineCommand({
  verb: 'LOGOUT',
  states: anyState,
  sync: 'none',
  parse(args) {
    args.end();
  },
  async run(session) {
    await session.sendStatus('BYE', 'Chasqui IMAP server logging out');
    return {
      ...ok('LOGOUT completed'),
      after: () => {
        session.close();
        return Promise.resolve();
      },
    };
  },
});
