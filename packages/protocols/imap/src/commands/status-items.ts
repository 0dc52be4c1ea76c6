// RFC 9051 §6.3.11 STATUS items (RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ, RFC 8474 MAILBOXID,
// RFC 7889 APPENDLIMIT), shared by STATUS and LIST RETURN (STATUS …) (RFC 5819).
import { mailboxObjectId, type Mailbox } from '@chasqui/mail';
import { astring, atom, type ImapValue, type Token } from '../proto/index.js';
import type { SessionApi } from '../session/session-api.js';
import { badArguments } from './command-error.js';

const statusItems = [
  'MESSAGES',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'SIZE',
  'HIGHESTMODSEQ',
  'RECENT',
  'MAILBOXID',
  'APPENDLIMIT',
] as const;
export type StatusItem = (typeof statusItems)[number];

function isStatusItem(name: string): name is StatusItem {
  return (statusItems as readonly string[]).includes(name);
}

/** Reads "(MESSAGES UNSEEN …)". */
export function parseStatusItems(tokens: readonly Token[]): StatusItem[] {
  if (tokens.length === 0) badArguments('STATUS needs at least one item');
  return tokens.map((token) => {
    const name = token.type === 'atom' ? token.value.toUpperCase() : '';
    if (!isStatusItem(name)) badArguments(`Unknown STATUS item ${name}`);
    return name;
  });
}

/** The `* STATUS name (…)` response for a mailbox. */
export async function statusResponse(
  session: SessionApi,
  mailbox: Mailbox,
  items: readonly StatusItem[],
  path: string = mailbox.name,
): Promise<ImapValue[]> {
  const account = session.account;
  if (account === null) throw new Error('STATUS needs an account');
  const status = await session.mail.mailboxes.status(account.id, mailbox.id);
  if (items.includes('HIGHESTMODSEQ')) session.enable('CONDSTORE');
  const values: Record<StatusItem, ImapValue> = {
    MESSAGES: status.messages,
    UIDNEXT: status.uidNext,
    UIDVALIDITY: status.uidValidity,
    UNSEEN: status.unseen,
    DELETED: status.deleted,
    SIZE: status.sizeBytes,
    HIGHESTMODSEQ: status.highestModseq,
    RECENT: 0,
    MAILBOXID: [atom(mailboxObjectId(mailbox.id))],
    APPENDLIMIT: session.settings.maxMessageBytes,
  };
  const pairs = items.flatMap((item) => [atom(item), values[item]]);
  return [atom('STATUS'), astring(session.formatMailboxName(path)), pairs];
}
