// RFC 9051 §6.4.2 UNSELECT: deselects without expunging.
import { ok } from '../session/session-api.js';
import { defineCommand, selectedState } from './command-spec.js';

export const unselectCommand = defineCommand({
  verb: 'UNSELECT',
  states: selectedState,
  sync: 'none',
  parse(args) {
    args.end();
  },
  run(session) {
    session.setSelected(null);
    return Promise.resolve(ok('UNSELECT completed'));
  },
});
