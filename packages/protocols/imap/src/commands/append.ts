// RFC 9051 §6.3.12 APPEND with RFC 3502 MULTIAPPEND, RFC 4315 APPENDUID and RFC 3516 literal8.
import { isChasquiError } from '@chasqui/core';
import { atom, formatSequenceSet } from '../proto/index.js';
import { ok, type SessionApi } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import type { Args } from './args.js';
import { CommandError, badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { targetMailbox } from './copy-move.js';
import { parseFlags, type FlagSet } from './flags.js';

interface AppendItem {
  readonly flags: FlagSet;
  readonly receivedAt: number | null;
  readonly raw: Buffer;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 9051 date-time "dd-Mon-yyyy hh:mm:ss +zzzz" → epoch ms, or null when malformed. */
export function parseDateTime(text: string): number | null {
  const match = /^\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(
    text,
  );
  if (!match) return null;
  const [, day, month, year, hours, minutes, seconds, sign, zoneHours, zoneMinutes] = match;
  const monthIndex = months.indexOf((month ?? '').toLowerCase());
  if (monthIndex === -1) return null;
  const utc = Date.UTC(
    Number(year),
    monthIndex,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
  const offset = (Number(zoneHours) * 60 + Number(zoneMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
  return Number.isNaN(utc) ? null : utc - offset;
}

function readItem(args: Args): AppendItem {
  const flagList = args.optionalList();
  let receivedAt: number | null = null;
  const next = args.peek();
  if (next?.type === 'string') {
    receivedAt = parseDateTime(args.astring('date-time'));
    if (receivedAt === null) badArguments('Invalid date-time');
  }
  const message = args.any('message literal');
  if (message.type !== 'literal') badArguments('The message must be a literal');
  return { flags: parseFlags(flagList?.items ?? []), receivedAt, raw: message.value };
}

/** Stores the items in order, committed together; all or nothing (RFC 3502). */
async function appendAll(
  session: SessionApi,
  mailboxId: number,
  items: readonly AppendItem[],
): Promise<number[]> {
  const { appended } = await session.mail.messages.appendAll(
    accountOf(session).id,
    mailboxId,
    items.map((item) => ({
      raw: item.raw,
      flags: item.flags.flags,
      keywords: item.flags.keywords,
      ...(item.receivedAt === null ? {} : { receivedAt: item.receivedAt }),
    })),
  );
  return appended.map((message) => message.uid);
}

export const appendCommand = defineCommand({
  verb: 'APPEND',
  states: authenticatedStates,
  sync: 'full',
  parse(args) {
    const name = args.mailbox();
    const items: AppendItem[] = [];
    do items.push(readItem(args));
    while (args.hasMore);
    return { name, items };
  },
  async run(session, { name, items }) {
    const mailbox = await targetMailbox(session, name, 'No such mailbox');
    for (const item of items) {
      if (item.raw.length === 0) throw new CommandError('NO', 'Empty message');
      if (item.raw.length > session.settings.maxMessageBytes)
        throw new CommandError('NO', 'Message too large', 'TOOBIG');
    }
    let uids: number[];
    try {
      uids = await appendAll(session, mailbox.id, items);
    } catch (error) {
      if (isChasquiError(error, 'QUOTA_EXCEEDED')) throw new CommandError('NO', 'Over quota', 'OVERQUOTA');
      throw error;
    }
    return ok('APPEND completed', {
      name: 'APPENDUID',
      args: [mailbox.uidValidity, atom(formatSequenceSet(uids))],
    });
  },
});
