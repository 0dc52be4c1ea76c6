// RFC 1939 §5 RSET: unmarks every message marked deleted.
import { ok } from '../session/session-api.js';
import { defineCommand, noArguments, transactionState } from './command-spec.js';
import { maildropOf } from './message-args.js';

export const rsetCommand = defineCommand({
  verb: 'RSET',
  states: transactionState,
  parse: noArguments('RSET'),
  async run(session) {
    const maildrop = maildropOf(session);
    maildrop.reset();
    const { count, size } = await maildrop.stat();
    return ok(`maildrop has ${count} messages (${size} octets)`);
  },
});
