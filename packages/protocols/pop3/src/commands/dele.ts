// RFC 1939 §5 DELE msg: marks a message deleted; QUIT removes it (§6). Marking a message that
// another session already removed succeeds: what the client wants is already true.
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { defineCommand, transactionState } from './command-spec.js';
import { maildropOf, messageNumberArg, requireMessage } from './message-args.js';

export const deleCommand = defineCommand({
  verb: 'DELE',
  states: transactionState,
  parse(args) {
    if (args.length !== 1) syntaxError('DELE takes one message number');
    return messageNumberArg('DELE', args[0]);
  },
  async run(session, number) {
    const maildrop = maildropOf(session);
    const message = requireMessage(maildrop, number);
    // Its size is needed for STAT from now on; fetch it while the message surely exists.
    await maildrop.sizeOf(message);
    maildrop.markDeleted(message);
    return ok(`message ${number} deleted`);
  },
});
