// RFC 8621 §4.2 Email/get, §4.3 Email/changes, §3 Thread/get and Thread/changes, §4.9 Email/parse.
import { parseHeaderFields, type StoredMessage } from '@chasqui/mail';
import {
  checkAccount,
  checkGetIds,
  invalid,
  optionalBoolean,
  optionalNumber,
  optionalStrings,
  parseObjectId,
  parseState,
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
import { defaultBodyProperties } from '../mail/body-parts.js';
import {
  defaultEmailProperties,
  emailObject,
  isEmailProperty,
  needsRaw,
  type BodyOptions,
} from '../mail/email-object.js';

export function readBodyOptions(args: JsonObject): BodyOptions {
  return {
    bodyProperties: optionalStrings(args, 'bodyProperties') ?? defaultBodyProperties,
    fetchTextBodyValues: optionalBoolean(args, 'fetchTextBodyValues', false),
    fetchHTMLBodyValues: optionalBoolean(args, 'fetchHTMLBodyValues', false),
    fetchAllBodyValues: optionalBoolean(args, 'fetchAllBodyValues', false),
    maxBodyValueBytes: optionalNumber(args, 'maxBodyValueBytes', 0),
  };
}

function readProperties(args: JsonObject): string[] {
  const properties = optionalStrings(args, 'properties') ?? defaultEmailProperties;
  const unknown = properties.filter((property) => !isEmailProperty(property));
  if (unknown.length > 0) throw invalid(`unknown properties: ${unknown.join(', ')}`);
  return properties;
}

async function getEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  checkGetIds(ids, context);
  const properties = readProperties(args);
  const options = readBodyOptions(args);
  const { model, mail } = context.services;
  const accountId = context.account.id;
  // Asked ids need only those emails: no wait for the account's index right after login.
  const index = ids
    ? await model.emails.lookup(
        accountId,
        ids.map((id) => parseObjectId('M', resolveId(id, context)) ?? -1),
      )
    : await model.emails.load(accountId);
  const wanted: string[] =
    ids ??
    [...index.byId.keys()].slice(0, context.services.limitsResolved.maxObjectsInGet).map((id) => `M${id}`);
  const list: JsonObject[] = [];
  const notFound: string[] = [];
  const withRaw = properties.some(needsRaw);
  for (const id of wanted) {
    const numeric = parseObjectId('M', resolveId(id, context));
    const message = numeric === null ? undefined : index.byId.get(numeric);
    if (!message) {
      notFound.push(id);
      continue;
    }
    const raw = withRaw ? await mail.messages.readRaw(accountId, message.id) : null;
    list.push(emailObject(message, raw, properties, options));
  }
  return { accountId: args['accountId'], state: stateOf(index.modseq), list, notFound };
}

function readSince(args: JsonObject): { since: number; max: number } {
  const since = parseState(args['sinceState']);
  if (since === null) throw invalid('sinceState must be a state string');
  const max = optionalNumber(args, 'maxChanges', 10_000);
  if (max < 1) throw invalid('maxChanges must be positive');
  return { since, max };
}

async function emailChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { since, max } = readSince(args);
  const changes = await context.services.model.emailChanges(context.account.id, since, max);
  if (!changes) throw new MethodError('cannotCalculateChanges');
  const id = (value: number) => `M${value}`;
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(changes.newModseq),
    hasMoreChanges: changes.hasMoreChanges,
    created: changes.created.map(id),
    updated: changes.updated.map(id),
    destroyed: changes.destroyed.map(id),
  };
}

function byReceived(a: StoredMessage, b: StoredMessage): number {
  return a.receivedAt - b.receivedAt || a.id - b.id;
}

async function getThreads(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  checkGetIds(ids, context);
  const index = await context.services.model.emails.load(context.account.id);
  const list: JsonObject[] = [];
  const notFound: string[] = [];
  for (const id of ids ?? [...index.byThread.keys()].map((thread) => `T${thread}`)) {
    const threadId = parseObjectId('T', id);
    const members = threadId === null ? undefined : index.byThread.get(threadId);
    if (!members) {
      notFound.push(id);
      continue;
    }
    const messages = members.map((member) => index.byId.get(member)).filter((m) => m !== undefined);
    list.push({ id, emailIds: messages.sort(byReceived).map((message) => `M${message.id}`) });
  }
  return { accountId: args['accountId'], state: stateOf(index.modseq), list, notFound };
}

async function threadChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { since, max } = readSince(args);
  const changes = await context.services.model.threadChanges(context.account.id, since, max);
  if (!changes) throw new MethodError('cannotCalculateChanges');
  const id = (value: number) => `T${value}`;
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(changes.newModseq),
    hasMoreChanges: false,
    created: changes.created.map(id),
    updated: changes.updated.map(id),
    destroyed: changes.destroyed.map(id),
  };
}

async function parseEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const blobIds = optionalStrings(args, 'blobIds') ?? [];
  const properties = (optionalStrings(args, 'properties') ?? defaultEmailProperties).filter(
    (property) => !['id', 'mailboxIds', 'keywords', 'receivedAt', 'threadId'].includes(property),
  );
  const options = readBodyOptions(args);
  const parsed: Record<string, JsonObject> = {};
  const notParsable: string[] = [];
  const notFound: string[] = [];
  for (const blobId of blobIds) {
    const raw = await context.services.uploads.read(context, blobId);
    if (!raw) {
      notFound.push(blobId);
      continue;
    }
    const buffer = Buffer.from(raw);
    if (parseHeaderFields(buffer, 0, Math.min(buffer.length, 65_536)).length === 0) {
      notParsable.push(blobId);
      continue;
    }
    const info = await context.services.mail.parse(buffer);
    const pseudo = pseudoMessage(blobId, buffer, info.preview, info.hasAttachment);
    const email = emailObject(pseudo, buffer, ['blobId', ...properties], options);
    delete email['id'];
    parsed[blobId] = email;
  }
  return { accountId: args['accountId'], parsed, notParsable, notFound };
}

function pseudoMessage(blobId: string, raw: Buffer, preview: string, hasAttachment: boolean): StoredMessage {
  return {
    id: 0,
    accountId: 0,
    blobId,
    size: raw.length,
    receivedAt: 0,
    sentAt: null,
    subject: '',
    from: '',
    to: '',
    messageIdHeader: null,
    inReplyTo: null,
    references: [],
    threadId: 0,
    preview,
    hasAttachment,
    flags: 0,
    keywords: [],
    modseq: 0,
    uids: new Map(),
  };
}

export const emailReadMethods: readonly MethodSpec[] = [
  { name: 'Email/get', capability: capabilities.mail, run: getEmails },
  { name: 'Email/changes', capability: capabilities.mail, run: emailChanges },
  { name: 'Email/parse', capability: capabilities.mail, run: parseEmails },
  { name: 'Thread/get', capability: capabilities.mail, run: getThreads },
  { name: 'Thread/changes', capability: capabilities.mail, run: threadChanges },
];
