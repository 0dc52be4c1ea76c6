// RFC 8621 §2 Mailbox/get, /changes, /query, /queryChanges, /set over the mail service.
import { emailObjectId, mailboxObjectId, type Mailbox, type MailboxTally } from '@chasqui/mail';
import {
  checkAccount,
  checkGetIds,
  invalid,
  optionalStrings,
  parseObjectId,
  parseState,
  pick,
  resolveId,
  stateOf,
} from '../api/args.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import { setMailboxes } from './mailbox-set.js';

const roleOrder = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

/** The JMAP Mailbox object of a stored mailbox. */
export function mailboxObject(
  mailbox: Mailbox,
  byName: ReadonlyMap<string, Mailbox>,
  tally?: MailboxTally,
): JsonObject {
  const slash = mailbox.name.lastIndexOf('/');
  const parent = slash > 0 ? byName.get(mailbox.name.slice(0, slash)) : undefined;
  const roleRank = mailbox.role === null ? -1 : roleOrder.indexOf(mailbox.role);
  return {
    id: mailboxObjectId(mailbox.id),
    name: slash > 0 ? mailbox.name.slice(slash + 1) : mailbox.name === 'INBOX' ? 'Inbox' : mailbox.name,
    parentId: parent ? mailboxObjectId(parent.id) : null,
    role: mailbox.role,
    sortOrder: roleRank >= 0 ? roleRank + 1 : 10,
    totalEmails: tally?.totalEmails ?? 0,
    unreadEmails: tally?.unreadEmails ?? 0,
    totalThreads: tally?.totalThreads ?? 0,
    unreadThreads: tally?.unreadThreads ?? 0,
    myRights: {
      mayReadItems: true,
      mayAddItems: true,
      mayRemoveItems: true,
      maySetSeen: true,
      maySetKeywords: true,
      mayCreateChild: true,
      mayRename: mailbox.role !== 'inbox',
      mayDelete: mailbox.role !== 'inbox',
      maySubmit: true,
    },
    isSubscribed: mailbox.isSubscribed,
  };
}

/** Every mailbox of the account as JMAP objects, keyed by JMAP id. */
export async function loadMailboxObjects(context: MethodContext): Promise<Map<string, JsonObject>> {
  const { mail, model } = context.services;
  const accountId = context.account.id;
  const [mailboxes, tallies] = await Promise.all([
    mail.mailboxes.list(accountId),
    model.mailboxTallies(accountId),
  ]);
  const byName = new Map(mailboxes.map((mailbox) => [mailbox.name, mailbox]));
  return new Map(
    mailboxes.map((mailbox) => [
      mailboxObjectId(mailbox.id),
      mailboxObject(mailbox, byName, tallies.get(mailbox.id)),
    ]),
  );
}

async function getMailboxes(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  checkGetIds(ids, context);
  const properties = optionalStrings(args, 'properties');
  const state = await context.services.model.highestModseq(context.account.id);
  const all = await loadMailboxObjects(context);
  const list: JsonObject[] = [];
  const notFound: string[] = [];
  for (const id of ids ?? [...all.keys()]) {
    const found = all.get(resolveId(id, context));
    if (found) list.push(pick(found, properties));
    else notFound.push(id);
  }
  return { accountId: args['accountId'], state: stateOf(state), list, notFound };
}

async function mailboxChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceState']);
  if (since === null) throw invalid('sinceState must be a state string');
  const max = typeof args['maxChanges'] === 'number' ? args['maxChanges'] : 10_000;
  if (max < 1) throw invalid('maxChanges must be positive');
  const changes = await context.services.model.mailboxChanges(context.account.id, since, max);
  if (!changes) throw new MethodError('cannotCalculateChanges');
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(changes.newModseq),
    hasMoreChanges: changes.hasMoreChanges,
    created: changes.created.map(mailboxObjectId),
    updated: changes.updated.map(mailboxObjectId),
    destroyed: changes.destroyed.map(mailboxObjectId),
    updatedProperties: changes.countsOnly
      ? ['totalEmails', 'unreadEmails', 'totalThreads', 'unreadThreads']
      : null,
  };
}

function matchesMailboxFilter(mailbox: JsonObject, filter: JsonObject): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'parentId' && mailbox['parentId'] !== value) return false;
    if (key === 'name' && !String(mailbox['name']).toLowerCase().includes(String(value).toLowerCase()))
      return false;
    if (key === 'role' && mailbox['role'] !== value) return false;
    if (key === 'hasAnyRole' && (mailbox['role'] !== null) !== value) return false;
    if (key === 'isSubscribed' && mailbox['isSubscribed'] !== value) return false;
    if (!['parentId', 'name', 'role', 'hasAnyRole', 'isSubscribed'].includes(key)) {
      throw new MethodError('unsupportedFilter', `unknown filter ${key}`);
    }
  }
  return true;
}

async function queryMailboxes(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const filter = (args['filter'] ?? {}) as JsonObject;
  const sort = (args['sort'] ?? []) as { property?: string; isAscending?: boolean }[];
  const all = [...(await loadMailboxObjects(context)).values()].filter((m) =>
    matchesMailboxFilter(m, filter),
  );
  for (const comparator of [...sort].reverse()) {
    if (comparator.property !== 'sortOrder' && comparator.property !== 'name') {
      throw new MethodError('unsupportedSort', `cannot sort by ${String(comparator.property)}`);
    }
    const key = comparator.property;
    const sign = comparator.isAscending === false ? -1 : 1;
    all.sort(
      (a, b) =>
        sign *
        (key === 'name' ? String(a[key]).localeCompare(String(b[key])) : Number(a[key]) - Number(b[key])),
    );
  }
  const position = typeof args['position'] === 'number' ? Math.max(0, args['position']) : 0;
  const limit = typeof args['limit'] === 'number' ? args['limit'] : all.length;
  const state = await context.services.model.highestModseq(context.account.id);
  return {
    accountId: args['accountId'],
    queryState: stateOf(state),
    canCalculateChanges: false,
    position,
    ids: all.slice(position, position + limit).map((m) => m['id']),
    total: all.length,
  };
}

function cannotCalculate(): Promise<JsonObject> {
  return Promise.reject(
    new MethodError('cannotCalculateChanges', 'Mailbox/query results are small: query again'),
  );
}

/** Parses "F12" into 12, accepting "#creationId" already created in the request. */
export function mailboxIdOf(id: string, context: MethodContext): number | null {
  return parseObjectId('F', resolveId(id, context));
}

export { emailObjectId };

export const mailboxMethods: readonly MethodSpec[] = [
  { name: 'Mailbox/get', capability: capabilities.mail, run: getMailboxes },
  { name: 'Mailbox/changes', capability: capabilities.mail, run: mailboxChanges },
  { name: 'Mailbox/query', capability: capabilities.mail, run: queryMailboxes },
  { name: 'Mailbox/queryChanges', capability: capabilities.mail, run: cannotCalculate },
  { name: 'Mailbox/set', capability: capabilities.mail, run: setMailboxes },
];
