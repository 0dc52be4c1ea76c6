// RFC 4314 §3.2 DELETEACL mailbox identifier: removes the identifier's grant; needs "a".
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { aclMailbox, refusingInvalid } from './acl-mailbox.js';
import { badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const deleteaclCommand = defineCommand({
  verb: 'DELETEACL',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    const identifier = args.astring('identifier');
    args.end();
    if (identifier.startsWith('-')) badArguments('Negative rights are not supported');
    return { name, identifier };
  },
  async run(session, { name, identifier }) {
    const ref = await aclMailbox(session, name);
    const accountId = accountOf(session).id;
    await refusingInvalid(() => session.mail.acl.delete(accountId, ref.mailbox.id, identifier));
    return ok('DELETEACL completed');
  },
});
