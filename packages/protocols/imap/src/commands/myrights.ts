// RFC 4314 §3.5 MYRIGHTS mailbox → §3.8 "* MYRIGHTS mailbox rights"; any right is enough to ask.
import { displayRights } from '@chasqui/mail';
import { atom, astring } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { aclMailbox, shownName } from './acl-mailbox.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const myrightsCommand = defineCommand({
  verb: 'MYRIGHTS',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    args.end();
    return name;
  },
  async run(session, name) {
    const ref = await aclMailbox(session, name);
    const rights = await session.mail.acl.myRights(accountOf(session).id, ref.mailbox.id);
    await session.send([atom('MYRIGHTS'), shownName(session, ref), astring(displayRights(rights))]);
    return ok('MYRIGHTS completed');
  },
});
