// RFC 9051 §6.3.11 STATUS mailbox (items).
import { requireMailbox } from '../shared/mailbox-ref.js';
import { ok } from '../session/session-api.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { parseStatusItems, statusResponse } from './status-items.js';

export const statusCommand = defineCommand({
  verb: 'STATUS',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse(args) {
    const name = args.mailbox();
    const items = parseStatusItems(args.list('status items'));
    args.end();
    return { name, items };
  },
  async run(session, { name, items }) {
    const ref = await requireMailbox(session, name);
    await session.send(await statusResponse(session, ref.mailbox, items, ref.path));
    return ok('STATUS completed');
  },
});
