// RFC 4314 §3.3 GETACL mailbox → §3.6 "* ACL mailbox identifier rights …"; needs "a".
import { displayRights } from '@chasqui/mail';
import { atom, astring, type ImapValue } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import { aclMailbox, shownName } from './acl-mailbox.js';
import { authenticatedStates, defineCommand } from './command-spec.js';

export const getaclCommand = defineCommand({
  verb: 'GETACL',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    args.end();
    return name;
  },
  async run(session, name) {
    const ref = await aclMailbox(session, name);
    const entries = await session.mail.acl.get(accountOf(session).id, ref.mailbox.id);
    const pairs: ImapValue[] = entries.flatMap((entry) => [
      astring(entry.identifier),
      astring(displayRights(entry.rights)),
    ]);
    await session.send([atom('ACL'), shownName(session, ref), ...pairs]);
    return ok('GETACL completed');
  },
});
