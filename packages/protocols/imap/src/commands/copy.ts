// RFC 9051 §6.4.7 COPY / UID COPY with RFC 4315 COPYUID.
import { ok } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import { copyUidCode, targetMailbox } from './copy-move.js';

export const copyCommand = defineCommand({
  verb: 'COPY',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse(args) {
    const set = args.sequenceSet();
    const name = args.mailbox();
    args.end();
    return { set, name };
  },
  async run(session, { set, name }, input) {
    const selected = selectedOf(session);
    if (!input.isUid && selected.isOutOfRange(set)) badArguments('Invalid message sequence number');
    const target = await targetMailbox(session, name);
    const messages = selected.resolve(set, input.isUid);
    const ids = messages.map((m) => m.entry.messageId);
    const copied =
      ids.length === 0
        ? new Map<number, number>()
        : await session.mail.messages.copy(accountOf(session).id, ids, target.id, selected.mailbox.id);
    return ok('COPY completed', copyUidCode(target, messages, copied));
  },
});
