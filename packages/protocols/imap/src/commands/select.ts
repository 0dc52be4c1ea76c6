// RFC 9051 §6.3.2 SELECT.
import { authenticatedStates, defineCommand } from './command-spec.js';
import { parseSelect, selectMailbox } from './select-mailbox.js';

export const selectCommand = defineCommand({
  verb: 'SELECT',
  states: authenticatedStates,
  sync: 'none',
  parse: (args, _input, session) => parseSelect(args, session),
  run: (session, request) => selectMailbox(session, request, false),
});
