// RFC 9051 §6.4.3 EXPUNGE and RFC 4315 §2.1 UID EXPUNGE sequence-set.
import type { SequenceSet } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import { expungeDeleted } from './expunge-deleted.js';

export const expungeCommand = defineCommand({
  verb: 'EXPUNGE',
  states: selectedState,
  allowsUid: true,
  sync: 'full',
  parse(args, input): SequenceSet | null {
    if (!input.isUid) {
      args.end();
      return null;
    }
    if (!args.hasMore) badArguments('UID EXPUNGE needs a UID set');
    const set = args.sequenceSet();
    args.end();
    return set;
  },
  async run(session, uidSet) {
    await expungeDeleted(session, uidSet, false);
    return ok('EXPUNGE completed');
  },
});
