// RFC 4314 §3.1 SETACL mailbox identifier rights ("+" adds, "-" removes). Unknown rights are
// BAD (§3.1: never ignored); needs "a" on the mailbox.
import { parseRightsChange } from '@chasqui/mail';
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { aclMailbox, refusingInvalid } from './acl-mailbox.js';
import { badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const setaclCommand = defineCommand({
  verb: 'SETACL',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    const identifier = args.astring('identifier');
    const rights = args.astring('rights');
    args.end();
    if (identifier.startsWith('-')) badArguments('Negative rights are not supported');
    try {
      parseRightsChange(rights);
    } catch {
      badArguments(`Unsupported rights ${rights.slice(0, 40)}`);
    }
    return { name, identifier, rights };
  },
  async run(session, { name, identifier, rights }) {
    const ref = await aclMailbox(session, name);
    const accountId = accountOf(session).id;
    await refusingInvalid(() => session.mail.acl.set(accountId, ref.mailbox.id, identifier, rights));
    return ok('SETACL completed');
  },
});
