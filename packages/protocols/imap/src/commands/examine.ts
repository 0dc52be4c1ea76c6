// RFC 9051 §6.3.3 EXAMINE: SELECT, read-only.
import { authenticatedStates, defineCommand } from './command-spec.js';
import { parseSelect, selectMailbox } from './select-mailbox.js';

export const examineCommand = defineCommand({
  verb: 'EXAMINE',
  states: authenticatedStates,
  sync: 'none',
  parse: (args, _input, session) => parseSelect(args, session),
  run: (session, request) => selectMailbox(session, request, true),
});
