// RFC 9051 §6.3.9 LIST with RFC 5258 LIST-EXTENDED (selection SUBSCRIBED, SPECIAL-USE,
// RECURSIVEMATCH; return SUBSCRIBED, CHILDREN, SPECIAL-USE), RFC 6154 special-use attributes
// from mailbox roles and RFC 5819 RETURN (STATUS …).
import type { MailboxRole } from '@chasqui/core';
import type { Mailbox } from '@chasqui/mail';
import { astring, atom, type AtomValue, type Token } from '../proto/index.js';
import { ok, type SessionApi } from '../session/session-api.js';
import type { Args } from './args.js';
import { badArguments } from './command-error.js';
import { authenticatedStates, defineCommand } from './command-spec.js';
import { sharedListEntries, type SharedListEntry } from '../shared/shared-list.js';
import { hasChildren, listMatcher } from './list-patterns.js';
import { parseStatusItems, statusResponse, type StatusItem } from './status-items.js';

const roleAttributes: Record<MailboxRole, string | null> = {
  inbox: null,
  sent: '\\Sent',
  drafts: '\\Drafts',
  trash: '\\Trash',
  junk: '\\Junk',
  archive: '\\Archive',
};

export interface ListRequest {
  readonly response: 'LIST' | 'LSUB';
  readonly reference: string;
  readonly patterns: readonly string[];
  readonly subscribedOnly: boolean;
  readonly specialUseOnly: boolean;
  readonly status: readonly StatusItem[] | null;
}

function atomNames(tokens: readonly Token[]): string[] {
  return tokens.map((token) => (token.type === 'atom' ? token.value.toUpperCase() : ''));
}

function readReturn(args: Args): { status: StatusItem[] | null } {
  if (!args.hasMore) return { status: null };
  if (args.atom('RETURN').toUpperCase() !== 'RETURN') badArguments('Expected RETURN');
  const options = args.list('return options');
  let status: StatusItem[] | null = null;
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    const name = option?.type === 'atom' ? option.value.toUpperCase() : '';
    if (name === 'STATUS') {
      const items = options[++i];
      if (items?.type !== 'list') badArguments('RETURN STATUS needs a list of items');
      status = parseStatusItems(items.items);
    } else if (!['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE'].includes(name)) {
      badArguments(`Unknown return option ${name}`);
    }
  }
  return { status };
}

export function parseListArguments(args: Args): ListRequest {
  const selection = args.optionalList();
  const selected = selection ? atomNames(selection.items) : [];
  for (const name of selected) {
    if (!['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE'].includes(name)) {
      badArguments(`Unknown selection option ${name}`);
    }
  }
  const reference = args.mailbox();
  const patterns = args.mailboxPatterns();
  const { status } = readReturn(args);
  args.end();
  return {
    response: 'LIST',
    reference,
    patterns,
    subscribedOnly: selected.includes('SUBSCRIBED'),
    specialUseOnly: selected.includes('SPECIAL-USE'),
    status,
  };
}

function attributesOf(mailbox: Mailbox, names: ReadonlySet<string>, request: ListRequest): AtomValue[] {
  const attributes = [hasChildren(mailbox.name, names) ? '\\HasChildren' : '\\HasNoChildren'];
  const special = mailbox.role === null ? null : roleAttributes[mailbox.role];
  if (special !== null) attributes.push(special);
  if (mailbox.isSubscribed && request.response === 'LIST') attributes.push('\\Subscribed');
  return attributes.map((name) => atom(name));
}

/**
 * Another account's mailbox: no special use (its Sent is not ours), always subscribed; a level
 * above one is \Noselect.
 */
function sharedAttributes(
  entry: SharedListEntry,
  names: ReadonlySet<string>,
  request: ListRequest,
): AtomValue[] {
  const attributes = [hasChildren(entry.path, names) ? '\\HasChildren' : '\\HasNoChildren'];
  if (entry.mailbox === null) attributes.unshift('\\Noselect');
  else if (request.response === 'LIST') attributes.push('\\Subscribed');
  return attributes.map((name) => atom(name));
}

async function sendShared(
  session: SessionApi,
  request: ListRequest,
  entry: SharedListEntry,
  names: ReadonlySet<string>,
): Promise<void> {
  const name = astring(session.formatMailboxName(entry.path));
  await session.send([atom(request.response), sharedAttributes(entry, names, request), '/', name]);
  if (request.status === null || entry.mailbox === null) return;
  // RFC 5819 §2: a mailbox whose STATUS cannot be had (no "r") is listed without it.
  const status = await statusResponse(session, entry.mailbox, request.status, entry.path).catch(() => null);
  if (status) await session.send(status);
}

/** Writes the LIST/LSUB (and STATUS) responses of a request. */
export async function runList(session: SessionApi, request: ListRequest): Promise<void> {
  const account = session.account;
  if (account === null) return;
  if (request.patterns.length === 1 && request.patterns[0] === '' && request.response === 'LIST') {
    // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root.
    await session.send([atom('LIST'), [atom('\\Noselect')], '/', '']);
    return;
  }
  const mailboxes = await session.mail.mailboxes.list(account.id);
  const shared = request.specialUseOnly ? [] : await sharedListEntries(session, account.id);
  const names = new Set([...mailboxes.map((mailbox) => mailbox.name), ...shared.map((entry) => entry.path)]);
  const matchers = request.patterns.map((pattern) => listMatcher(request.reference, pattern));
  for (const mailbox of mailboxes) {
    if (!matchers.some((matches) => matches(mailbox.name))) continue;
    if (request.subscribedOnly && !mailbox.isSubscribed) continue;
    if (request.specialUseOnly && (mailbox.role === null || mailbox.role === 'inbox')) continue;
    const name = astring(session.formatMailboxName(mailbox.name));
    await session.send([atom(request.response), attributesOf(mailbox, names, request), '/', name]);
    if (request.status) await session.send(await statusResponse(session, mailbox, request.status));
  }
  for (const entry of shared) {
    if (!matchers.some((matches) => matches(entry.path))) continue;
    if (request.subscribedOnly && entry.mailbox === null) continue;
    await sendShared(session, request, entry, names);
  }
}

export const listCommand = defineCommand({
  verb: 'LIST',
  states: authenticatedStates,
  sync: 'no-expunge',
  parse: parseListArguments,
  async run(session, request) {
    await runList(session, request);
    return ok('LIST completed');
  },
});
