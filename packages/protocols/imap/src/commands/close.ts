// RFC 9051 §6.4.1 CLOSE: silently expunges \Deleted messages (read-write only) and deselects.
import { hasRight } from '@chasqui/mail';
import { ok } from '../session/session-api.js';
import { selectedOf } from './account-of.js';
import { defineCommand, selectedState } from './command-spec.js';
import { expungeDeleted } from './expunge-deleted.js';

export const closeCommand = defineCommand({
  verb: 'CLOSE',
  states: selectedState,
  sync: 'none',
  parse(args) {
    args.end();
  },
  async run(session) {
    // RFC 4314 §4: CLOSE expunges only for those who may ("e"); it closes for everyone.
    const selected = selectedOf(session);
    if (!selected.isReadOnly && hasRight(selected.rights, 'e')) await expungeDeleted(session, null, true);
    session.setSelected(null);
    return ok('CLOSE completed');
  },
});
