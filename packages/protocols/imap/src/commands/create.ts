// RFC 9051 §6.3.4 CREATE (parents are created too; a trailing "/" is dropped).
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const createCommand = defineCommand({
  verb: 'CREATE',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    // RFC 4466 create-param list (e.g. USE (\Sent)) is accepted and ignored.
    args.optionalList();
    args.end();
    return name;
  },
  async run(session, name) {
    await session.mail.mailboxes.create(accountOf(session).id, name);
    return ok('CREATE completed');
  },
});
