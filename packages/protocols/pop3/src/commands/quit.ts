// RFC 1939 §4 and §6 QUIT: before login it just says goodbye; after login the session enters
// the UPDATE state and expunges the messages marked deleted from INBOX through the mail
// service, which tells IMAP sessions (EXPUNGE) through its notifier.
import { err, ok } from '../session/session-api.js';
import { anyState, defineCommand, noArguments } from './command-spec.js';

export const quitCommand = defineCommand({
  verb: 'QUIT',
  states: anyState,
  parse: noArguments('QUIT'),
  async run(session) {
    const farewell = `${session.settings.hostname} POP3 server signing off`;
    const maildrop = session.maildrop;
    if (maildrop === null) return ok(farewell, { after: 'close' });
    try {
      await maildrop.commit();
    } catch (error) {
      session.logger.error({ err: error }, 'pop3.update_failed');
      return { ...err('some deleted messages not removed', 'SYS/TEMP'), after: 'close' };
    }
    const left = maildrop.liveCount;
    return ok(`${farewell} (${left === 0 ? 'maildrop empty' : `${left} messages left`})`, { after: 'close' });
  },
});
