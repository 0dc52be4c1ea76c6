// RFC 1939 §5 STAT: "+OK nn mm", the messages not marked deleted and their octets.
import { ok } from '../session/session-api.js';
import { defineCommand, noArguments, transactionState } from './command-spec.js';
import { maildropOf } from './message-args.js';

export const statCommand = defineCommand({
  verb: 'STAT',
  states: transactionState,
  parse: noArguments('STAT'),
  async run(session) {
    const { count, size } = await maildropOf(session).stat();
    return ok(`${count} ${size}`);
  },
});
