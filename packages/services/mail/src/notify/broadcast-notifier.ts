// The relay of a node in a multi-node deployment: mail changes travel through the store's
// broadcast (PostgreSQL LISTEN/NOTIFY) to every process of every node.
import { randomUUID } from 'node:crypto';
import type { Broadcast } from '@chasqui/store';
import type { MailChange } from './mail-notifier.js';
import type { MailChangeRelay } from './relayed-notifier.js';

const channel = 'mail_changes';
/** Mailbox ids per notice: keeps every payload far below PostgreSQL's 8,000-byte limit. */
const mailboxesPerNotice = 500;

interface Notice {
  /** The publishing process: it delivered the change locally already. */
  readonly origin: string;
  readonly change: MailChange;
}

/** A relay over `broadcast`; a failed publish goes to `onError` (changes are hints, not data). */
export function broadcastRelay(broadcast: Broadcast, onError: (error: unknown) => void): MailChangeRelay {
  const origin = randomUUID();
  return {
    send(change) {
      for (const part of splitChange(change)) {
        const notice: Notice = { origin, change: part };
        broadcast.publish(channel, JSON.stringify(notice)).catch(onError);
      }
    },
    async listen(deliver) {
      await broadcast.subscribe(channel, (payload) => {
        const notice = parseNotice(payload);
        if (notice !== null && notice.origin !== origin) deliver(notice.change);
      });
    },
  };
}

function parseNotice(payload: string): Notice | null {
  try {
    return JSON.parse(payload) as Notice;
  } catch {
    return null;
  }
}

function splitChange(change: MailChange): MailChange[] {
  if (change.mailboxIds.length <= mailboxesPerNotice) return [change];
  const parts: MailChange[] = [];
  for (let i = 0; i < change.mailboxIds.length; i += mailboxesPerNotice)
    parts.push({ ...change, mailboxIds: change.mailboxIds.slice(i, i + mailboxesPerNotice) });
  return parts;
}
