// RFC 3501 §6.4.1 CHECK (removed in IMAP4rev2, kept for IMAP4rev1 clients): same as NOOP here.
import { ok } from '../session/session-api.js';
import { defineCommand, selectedState } from './command-spec.js';

export const checkCommand = defineCommand({
  verb: 'CHECK',
  states: selectedState,
  sync: 'full',
  parse(args) {
    args.end();
  },
  run() {
    return Promise.resolve(ok('CHECK completed'));
  },
});
