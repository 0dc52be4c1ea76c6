// RFC 9051 §7.5 unsolicited mailbox updates (EXPUNGE, EXISTS, FETCH FLAGS) and RFC 7162 §3.2.10
// VANISHED for QRESYNC clients.
import { flagsOf } from '../commands/flags.js';
import { atom, formatSequenceSet, type ImapValue } from '../proto/index.js';
import type { ViewUpdate } from './selected-mailbox.js';

export interface UpdateFormat {
  readonly isQresync: boolean;
  readonly isCondstore: boolean;
}

/** The untagged responses announcing `update`, in order. */
export function updateResponses(update: ViewUpdate, format: UpdateFormat): ImapValue[][] {
  const out: ImapValue[][] = [];
  if (update.expunged.length > 0) {
    if (format.isQresync) {
      const uids = update.expunged.map((item) => item.uid).sort((a, b) => a - b);
      out.push([atom('VANISHED'), atom(formatSequenceSet(uids))]);
    } else {
      for (const item of update.expunged) out.push([item.msn, atom('EXPUNGE')]);
    }
  }
  if (update.exists !== null) out.push([update.exists, atom('EXISTS')]);
  for (const message of update.changed) {
    const items: ImapValue[] = [atom('UID'), message.uid, atom('FLAGS'), flagsOf(message.entry)];
    if (format.isCondstore) items.push(atom('MODSEQ'), [message.entry.modseq]);
    out.push([message.msn, atom('FETCH'), items]);
  }
  return out;
}
