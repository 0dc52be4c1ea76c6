// RFC 1939 §5 NOOP.
import { ok } from '../session/session-api.js';
import { defineCommand, noArguments, transactionState } from './command-spec.js';

export const noopCommand = defineCommand({
  verb: 'NOOP',
  states: transactionState,
  parse: noArguments('NOOP'),
  run() {
    return Promise.resolve(ok(''));
  },
});
