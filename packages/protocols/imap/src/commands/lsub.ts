// RFC 3501 §6.3.9 LSUB (deprecated by RFC 9051, still used by IMAP4rev1 clients).
import { ok } from '../session/session-api.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { runList } from './list.js';

export const lsubCommand = defineCommand({
  verb: 'LSUB',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const reference = args.mailbox();
    const pattern = args.mailbox();
    args.end();
    return { reference, pattern };
  },
  async run(session, { reference, pattern }) {
    await runList(session, {
      response: 'LSUB',
      reference,
      patterns: [pattern],
      subscribedOnly: true,
      specialUseOnly: false,
      status: null,
    });
    return ok('LSUB completed');
  },
});
