// RFC 1939 §5 RETR msg: the stored bytes, byte-stuffed, with CRLF line ends. The message is
// not flagged \Seen (RFC 1939 says nothing; IMAP users keep their unread state, as in Dovecot).
import { encodeMessageBody } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { defineCommand, transactionState } from './command-spec.js';
import { goneError, maildropOf, messageNumberArg, requireMessage } from './message-args.js';

export const retrCommand = defineCommand({
  verb: 'RETR',
  states: transactionState,
  parse(args) {
    if (args.length !== 1) syntaxError('RETR takes one message number');
    return messageNumberArg('RETR', args[0]);
  },
  async run(session, number) {
    const maildrop = maildropOf(session);
    const raw = await maildrop.read(requireMessage(maildrop, number));
    if (raw === null) throw goneError(number);
    return ok(`${raw.length} octets`, { body: encodeMessageBody(raw) });
  },
});
