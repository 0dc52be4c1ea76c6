// RFC 1939 §7 UIDL [msg]: unique ids that stay the same across sessions: the INBOX's
// UIDVALIDITY and the message's UID ("1718000000.42"), printable and at most 70 characters.
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { defineCommand, transactionState } from './command-spec.js';
import { maildropOf, messageNumberArg, requireMessage } from './message-args.js';

export const uidlCommand = defineCommand({
  verb: 'UIDL',
  states: transactionState,
  parse(args) {
    if (args.length > 1) syntaxError('UIDL takes at most one message number');
    return args.length === 0 ? null : messageNumberArg('UIDL', args[0]);
  },
  run(session, number) {
    const maildrop = maildropOf(session);
    if (number !== null) {
      const message = requireMessage(maildrop, number);
      return Promise.resolve(ok(`${number} ${maildrop.uniqueId(message)}`));
    }
    const lines: string[] = [];
    for (let n = 1; n <= maildrop.count; n++) {
      const message = maildrop.message(n);
      if (message !== null) lines.push(`${n} ${maildrop.uniqueId(message)}`);
    }
    return Promise.resolve(ok('', { lines }));
  },
});
