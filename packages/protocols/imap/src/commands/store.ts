// RFC 9051 §6.4.6 STORE / UID STORE with RFC 7162 §3.1.3 UNCHANGEDSINCE and [MODIFIED].
import type { FlagChange } from '@chasqui/mail';
import { atom, formatSequenceSet, type ImapValue, type SequenceSet, type Token } from '../proto/index.js';
import { ok } from '../session/session-api.js';
import { accountOf, selectedOf } from './account-of.js';
import type { Args } from './args.js';
import { CommandError, badArguments } from './command-error.js';
import { defineCommand, selectedState } from './command-spec.js';
import { flagsOf, parseFlags, type FlagSet } from './flags.js';

interface StoreRequest {
  readonly set: SequenceSet;
  readonly unchangedSince: number | null;
  readonly operation: '+' | '-' | '';
  readonly isSilent: boolean;
  readonly flags: FlagSet;
}

function readUnchangedSince(args: Args): number | null {
  const modifiers = args.optionalList();
  if (modifiers === null) return null;
  const [name, value] = modifiers.items;
  if (name?.type !== 'atom' || name.value.toUpperCase() !== 'UNCHANGEDSINCE' || value?.type !== 'number') {
    badArguments('Expected (UNCHANGEDSINCE mod-sequence)');
  }
  return value.value;
}

function parseStore(args: Args): StoreRequest {
  const set = args.sequenceSet();
  const unchangedSince = readUnchangedSince(args);
  const item = args.atom('STORE item').toUpperCase();
  const match = /^([+-]?)FLAGS(\.SILENT)?$/.exec(item);
  if (!match) badArguments(`Unknown STORE item ${item.slice(0, 40)}`);
  const tokens: Token[] = [];
  while (args.hasMore) {
    const token = args.any('flags');
    if (token.type === 'list') tokens.push(...token.items);
    else tokens.push(token);
  }
  const operation = (match[1] ?? '') as '+' | '-' | '';
  if (tokens.length === 0 && operation !== '') badArguments('No flags given');
  return { set, unchangedSince, operation, isSilent: match[2] !== undefined, flags: parseFlags(tokens) };
}

function changeOf(request: StoreRequest): FlagChange {
  const { flags, keywords } = request.flags;
  const since = request.unchangedSince === null ? {} : { unchangedSince: request.unchangedSince };
  if (request.operation === '+') return { add: { flags, keywords }, ...since };
  if (request.operation === '-') return { remove: { flags, keywords }, ...since };
  return { set: { flags, keywords }, ...since };
}

export const storeCommand = defineCommand({
  verb: 'STORE',
  states: selectedState,
  allowsUid: true,
  sync: 'no-expunge',
  parse: parseStore,
  async run(session, request, input) {
    const selected = selectedOf(session);
    if (selected.isReadOnly) throw new CommandError('NO', 'Mailbox is read-only', 'READ-ONLY');
    if (!input.isUid && selected.isOutOfRange(request.set)) badArguments('Invalid message sequence number');
    if (request.unchangedSince !== null) session.enable('CONDSTORE');
    const targets = selected.resolve(request.set, input.isUid);
    const ids = targets.map((m) => m.entry.messageId);
    const result = await session.mail.messages.setFlags(
      accountOf(session).id,
      ids,
      changeOf(request),
      selected.mailbox.id,
    );
    selected.updateEntries(result.changed);
    const skipped = new Set(result.skipped);
    const isCondstore = session.isEnabled('CONDSTORE');
    for (const message of selected.byUids(targets.map((m) => m.uid))) {
      // RFC 7162 §3.1.3: with CONDSTORE the new MODSEQ is sent even for .SILENT.
      if (skipped.has(message.entry.messageId) || (request.isSilent && !isCondstore)) continue;
      const items: ImapValue[] = [];
      if (!request.isSilent) items.push(atom('FLAGS'), flagsOf(message.entry));
      if (input.isUid) items.push(atom('UID'), message.uid);
      if (isCondstore) items.push(atom('MODSEQ'), [message.entry.modseq]);
      await session.send([message.msn, atom('FETCH'), items]);
    }
    if (skipped.size === 0) return ok('STORE completed');
    const modified = targets
      .filter((m) => skipped.has(m.entry.messageId))
      .map((m) => (input.isUid ? m.uid : m.msn));
    return ok('Some messages were modified meanwhile', {
      name: 'MODIFIED',
      args: [atom(formatSequenceSet(modified))],
    });
  },
});
