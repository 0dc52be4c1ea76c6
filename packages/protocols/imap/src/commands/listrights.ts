// RFC 4314 §3.4 LISTRIGHTS mailbox identifier → §3.7 "* LISTRIGHTS mailbox identifier required
// optional…": the owner's rights are all required; anyone else may get each right alone.
import { atom, astring } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { aclMailbox, refusingInvalid, shownName } from './acl-mailbox.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const listrightsCommand = defineCommand({
  verb: 'LISTRIGHTS',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    const identifier = args.astring('identifier');
    args.end();
    return { name, identifier };
  },
  async run(session, { name, identifier }) {
    const ref = await aclMailbox(session, name);
    const accountId = accountOf(session).id;
    const choice = await refusingInvalid(() =>
      session.mail.acl.listRights(accountId, ref.mailbox.id, identifier),
    );
    await session.send([
      atom('LISTRIGHTS'),
      shownName(session, ref),
      astring(identifier),
      astring(choice.required),
      ...choice.optional.map((group) => atom(group)),
    ]);
    return ok('LISTRIGHTS completed');
  },
});
