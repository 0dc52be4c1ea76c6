// RFC 9051 §6.3.2 SELECT and §6.3.3 EXAMINE, with RFC 7162 CONDSTORE and QRESYNC parameters
// (§3.2.5 VANISHED (EARLIER) and changed flags since the client's modseq).
import { hasRight, mailboxObjectId } from '@chasqui/mail';
import { atom, formatSequenceSet, type SequenceSet, type Token } from '../proto/index.js';
import { SelectedMailbox } from '../session/selected-mailbox.js';
import { requireMailbox } from '../shared/mailbox-ref.js';
import type { CommandResult, SessionApi } from '../session/session-api.js';
import { accountOf } from './account-of.js';
import type { Args } from './args.js';
import { badArguments } from './command-error.js';
import { mailboxFlags, permanentFlagsFor } from './flags.js';
import { flagsOf } from './flags.js';

export interface QresyncParams {
  readonly uidValidity: number;
  readonly modseq: number;
  readonly knownUids: SequenceSet | null;
}

export interface SelectRequest {
  readonly name: string;
  readonly condstore: boolean;
  readonly qresync: QresyncParams | null;
}

function readQresync(tokens: readonly Token[]): QresyncParams {
  const [validity, modseq, known] = tokens;
  if (validity?.type !== 'number' || modseq?.type !== 'number') {
    badArguments('QRESYNC needs (uidvalidity modseq [known-uids])');
  }
  const knownUids = known?.type === 'sequence' ? known.value : null;
  return { uidValidity: validity.value, modseq: modseq.value, knownUids };
}

export function parseSelect(args: Args, session: SessionApi): SelectRequest {
  const name = args.mailbox();
  const params = args.optionalList()?.items ?? [];
  args.end();
  let condstore = false;
  let qresync: QresyncParams | null = null;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    const keyword = param?.type === 'atom' ? param.value.toUpperCase() : '';
    if (keyword === 'CONDSTORE') condstore = true;
    else if (keyword === 'QRESYNC') {
      if (!session.isEnabled('QRESYNC')) badArguments('ENABLE QRESYNC first');
      const value = params[++i];
      if (value?.type !== 'list') badArguments('QRESYNC needs a parameter list');
      qresync = readQresync(value.items);
    } else badArguments(`Unknown SELECT parameter ${keyword}`);
  }
  return { name, condstore, qresync };
}

/** Opens the mailbox and writes the SELECT/EXAMINE responses. */
export async function selectMailbox(
  session: SessionApi,
  request: SelectRequest,
  isReadOnly: boolean,
): Promise<CommandResult> {
  const account = accountOf(session);
  if (session.selected !== null) {
    session.setSelected(null);
    if (session.isEnabled('QRESYNC') || session.isEnabled('CONDSTORE')) {
      await session.sendStatus('OK', 'Previous mailbox closed', 'CLOSED');
    }
  }
  if (request.condstore) session.enable('CONDSTORE');
  const ref = await requireMailbox(session, request.name);
  const mailbox = ref.mailbox;
  // RFC 4314 §4: without any right to change the mailbox, SELECT opens it read-only.
  const canWrite = (['s', 'w', 'i', 't', 'e'] as const).some((right) => hasRight(ref.rights, right));
  const readOnly = isReadOnly || !canWrite;
  const selected = await SelectedMailbox.open(session.mail, account.id, ref, readOnly);
  await session.send([atom('FLAGS'), mailboxFlags.map((flag) => atom(flag))]);
  const permanent = readOnly ? [] : permanentFlagsFor(ref.rights).map((flag) => atom(flag));
  await session.sendStatus('OK', 'Flags permitted', { name: 'PERMANENTFLAGS', args: [permanent] });
  await session.send([selected.count, atom('EXISTS')]);
  if (!session.isEnabled('IMAP4REV2')) await session.send([0, atom('RECENT')]);
  await session.sendStatus('OK', 'UIDs valid', { name: 'UIDVALIDITY', args: [mailbox.uidValidity] });
  await session.sendStatus('OK', 'Predicted next UID', { name: 'UIDNEXT', args: [selected.uidNext] });
  await session.sendStatus('OK', 'Highest', {
    name: 'HIGHESTMODSEQ',
    args: [Math.max(1, selected.highestModseq)],
  });
  await session.sendStatus('OK', 'Ok', { name: 'MAILBOXID', args: [[atom(mailboxObjectId(mailbox.id))]] });
  if (session.isEnabled('IMAP4REV2')) {
    await session.send([atom('LIST'), [], '/', session.formatMailboxName(ref.path)]);
  }
  if (request.qresync !== null && request.qresync.uidValidity === mailbox.uidValidity) {
    await resynchronise(session, selected, request.qresync);
  }
  session.setSelected(selected);
  const access = readOnly ? 'READ-ONLY' : 'READ-WRITE';
  return { status: 'OK', text: `${isReadOnly ? 'EXAMINE' : 'SELECT'} completed`, code: access };
}

/** RFC 7162 §3.2.5.2: what vanished and what changed since the client's modseq. */
async function resynchronise(
  session: SessionApi,
  selected: SelectedMailbox,
  params: QresyncParams,
): Promise<void> {
  const account = accountOf(session);
  const changes = await session.mail.messages.changesSince(account.id, selected.mailbox.id, params.modseq);
  let vanished = changes.vanished;
  if (params.knownUids !== null) {
    const known = params.knownUids;
    const max = Math.max(selected.uidNext, ...vanished);
    vanished = vanished.filter((uid) => known.contains(uid, max));
  }
  if (vanished.length > 0) {
    await session.send([atom('VANISHED'), [atom('EARLIER')], atom(formatSequenceSet(vanished))]);
  }
  for (const message of selected.byUids(changes.changed.map((entry) => entry.uid))) {
    const items = [
      atom('UID'),
      message.uid,
      atom('FLAGS'),
      flagsOf(message.entry),
      atom('MODSEQ'),
      [message.entry.modseq],
    ];
    await session.send([message.msn, atom('FETCH'), items]);
  }
}
