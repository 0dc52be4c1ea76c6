// RFC 6851 MOVE / UID MOVE: COPYUID in an untagged OK, then the source's EXPUNGE (or VANISHED).
import { atom, formatSequenceSet } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import { CommandError, badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import { copyUidCode, targetMailbox } from './copy-move.js';

export const moveCommand = defineCommand({
  verb: 'MOVE',
  states: selectedState,
  allowsUid: true,
  sync: 'full',
  parse(args) {
    const set = args.sequenceSet();
    const name = args.mailbox();
    args.end();
    return { set, name };
  },
  async run(session, { set, name }, input) {
    const selected = selectedOf(session);
    if (selected.isReadOnly) throw new CommandError('NO', 'Mailbox is read-only', 'READ-ONLY');
    if (!input.isUid && selected.isOutOfRange(set)) badArguments('Invalid message sequence number');
    const target = await targetMailbox(session, name);
    const messages = selected.resolve(set, input.isUid);
    if (messages.length === 0) return ok('MOVE completed');
    const ids = messages.map((m) => m.entry.messageId);
    const moved = await session.mail.messages.move(
      accountOf(session).id,
      ids,
      selected.mailbox.id,
      target.id,
    );
    const code = copyUidCode(target, messages, moved);
    if (code) await session.sendStatus('OK', 'Moved', code);
    const movedUids = messages.filter((m) => moved.has(m.entry.messageId)).map((m) => m.uid);
    const announced = selected.removeUids(movedUids);
    if (session.isEnabled('QRESYNC') && announced.length > 0) {
      await session.send([atom('VANISHED'), atom(formatSequenceSet(movedUids.sort((a, b) => a - b)))]);
    } else {
      for (const { msn } of announced) await session.send([msn, atom('EXPUNGE')]);
    }
    return ok('MOVE completed');
  },
});
