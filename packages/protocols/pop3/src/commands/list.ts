// RFC 1939 §5 LIST [msg]: one message's size, or the scan listing of every message not
// marked deleted.
import { ok } from '../session/session-api.js';
import { syntaxError } from './command-error.js';
import { defineCommand, transactionState } from './command-spec.js';
import { goneError, maildropOf, messageNumberArg, requireMessage } from './message-args.js';

export const listCommand = defineCommand({
  verb: 'LIST',
  states: transactionState,
  parse(args) {
    if (args.length > 1) syntaxError('LIST takes at most one message number');
    return args.length === 0 ? null : messageNumberArg('LIST', args[0]);
  },
  async run(session, number) {
    const maildrop = maildropOf(session);
    if (number === null) {
      const listing = await maildrop.scanListing();
      const size = listing.reduce((sum, [, octets]) => sum + octets, 0);
      const lines = listing.map(([n, octets]) => `${n} ${octets}`);
      return ok(`${listing.length} messages (${size} octets)`, { lines });
    }
    const size = await maildrop.sizeOf(requireMessage(maildrop, number));
    if (size === null) throw goneError(number);
    return ok(`${number} ${size}`);
  },
});
