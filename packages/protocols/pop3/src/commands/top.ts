// RFC 1939 §7 TOP msg n: the header, the blank line and the first n lines of the body.
import { encodeMessageBody, parseLineCount, topOfMessage } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { defineCommand, transactionState } from './command-spec.js';
import { goneError, maildropOf, messageNumberArg, requireMessage } from './message-args.js';

export const topCommand = defineCommand({
  verb: 'TOP',
  states: transactionState,
  parse(args) {
    if (args.length !== 2) syntaxError('TOP takes a message number and a line count');
    const lines = parseLineCount(args[1] ?? '');
    if (lines === null) syntaxError('TOP needs a non-negative line count');
    return { number: messageNumberArg('TOP', args[0]), lines };
  },
  async run(session, { number, lines }) {
    const maildrop = maildropOf(session);
    const raw = await maildrop.read(requireMessage(maildrop, number));
    if (raw === null) throw goneError(number);
    return ok('', { body: encodeMessageBody(topOfMessage(raw, lines)) });
  },
});
