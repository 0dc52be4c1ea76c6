// RFC 8621 §7 EmailSubmission/get, /changes, /query, /set: sends a stored Email through the
// delivery pipeline as a submission (sender ownership enforced there), with
// onSuccessUpdateEmail / onSuccessDestroyEmail, and delayed sending with sendAt (pending,
// cancellable by setting undoStatus to "canceled").
import {
  checkAccount,
  invalid,
  optionalStrings,
  parseObjectId,
  parseState,
  pick,
  resolveId,
  stateOf,
} from '../api/args.js';
import { readSetArguments, setErrorOf, SetFailure, SetOutcome } from '../api/set-support.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import { setEmails } from './email-set.js';
import { sendSubmission, type SubmissionRecord, type Submissions } from './submission-scheduler.js';

const kind = 'submissions';

async function load(context: MethodContext): Promise<{ version: number; value: Submissions }> {
  const record = await context.services.model.records.read<Submissions>(context.account.id, kind);
  return { version: record?.version ?? 0, value: record?.value ?? { nextId: 1, items: {} } };
}

async function getSubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  const { version, value } = await load(context);
  const all = Object.values(value.items);
  const list = ids ? all.filter((item) => ids.includes(item.id)) : all;
  const notFound = (ids ?? []).filter((id) => !(id in value.items));
  const properties = optionalStrings(args, 'properties');
  return {
    accountId: args['accountId'],
    state: stateOf(version),
    list: list.map((item) => pick({ ...item }, properties)),
    notFound,
  };
}

async function submissionChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceState']);
  if (since === null) throw invalid('sinceState must be a state string');
  const { version, value } = await load(context);
  if (since > version) throw new MethodError('cannotCalculateChanges');
  const changed = Object.values(value.items).filter((item) => item.version > since);
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(version),
    hasMoreChanges: false,
    created: changed.filter((item) => item.createdVersion > since).map((item) => item.id),
    updated: changed.filter((item) => item.createdVersion <= since).map((item) => item.id),
    destroyed: [],
  };
}

async function querySubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { version, value } = await load(context);
  const filter = (args['filter'] ?? {}) as JsonObject;
  const items = Object.values(value.items).filter(
    (item) =>
      (!Array.isArray(filter['emailIds']) || filter['emailIds'].includes(item.emailId)) &&
      (!Array.isArray(filter['identityIds']) || filter['identityIds'].includes(item.identityId)) &&
      (typeof filter['undoStatus'] !== 'string' || filter['undoStatus'] === item.undoStatus),
  );
  items.sort((a, b) => b.sendAt.localeCompare(a.sendAt));
  return {
    accountId: args['accountId'],
    queryState: stateOf(version),
    canCalculateChanges: false,
    position: 0,
    ids: items.map((item) => item.id),
    total: items.length,
  };
}

async function createSubmission(
  context: MethodContext,
  object: JsonObject,
  version: number,
  nextId: number,
): Promise<SubmissionRecord> {
  const emailId = resolveId(String(object['emailId']), context);
  const messageId = parseObjectId('M', emailId);
  const [message] =
    messageId === null ? [] : await context.services.mail.messages.get(context.account.id, [messageId]);
  if (!message) throw new SetFailure('invalidProperties', 'emailId not found', ['emailId']);
  const sendAtValue = typeof object['sendAt'] === 'string' ? Date.parse(object['sendAt']) : NaN;
  const now = context.services.clock.now();
  const sendAt = Number.isNaN(sendAtValue) ? now : Math.max(now, sendAtValue);
  const record: SubmissionRecord = {
    id: `S${nextId}`,
    identityId: String(object['identityId'] ?? ''),
    emailId,
    threadId: `T${message.threadId}`,
    envelope: (object['envelope'] as SubmissionRecord['envelope'] | undefined) ?? null,
    sendAt: new Date(sendAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    undoStatus: 'pending',
    deliveryStatus: null,
    dsnBlobIds: [],
    mdnBlobIds: [],
    version: version + 1,
    createdVersion: version + 1,
  };
  if (sendAt <= now) return sendSubmission(context.services, context.account, record);
  return record;
}

async function setSubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const before = await load(context);
  const oldState = stateOf(before.version);
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  const results: Record<string, SubmissionRecord> = {};
  const createdIds = new Map<string, string>();
  let nextId = before.value.nextId;
  for (const [creationId, object] of Object.entries(create)) {
    try {
      const record = await createSubmission(context, object, before.version, nextId++);
      results[record.id] = record;
      createdIds.set(creationId, record.id);
      context.createdIds.set(creationId, record.id);
      outcome.created[creationId] = {
        id: record.id,
        sendAt: record.sendAt,
        undoStatus: record.undoStatus,
        threadId: record.threadId,
      };
    } catch (error) {
      outcome.notCreated[creationId] = setErrorOf(error);
    }
  }
  for (const [id, patch] of Object.entries(update)) {
    const item = before.value.items[id];
    if (!item) outcome.notUpdated[id] = { type: 'notFound' };
    else if (patch['undoStatus'] !== 'canceled' || item.undoStatus !== 'pending')
      outcome.notUpdated[id] = { type: 'cannotUnsend' };
    else {
      results[id] = { ...item, undoStatus: 'canceled', version: before.version + 1 };
      outcome.updated[id] = null;
    }
  }
  for (const id of destroy) {
    if (id in before.value.items) outcome.destroyed.push(id);
    else outcome.notDestroyed[id] = { type: 'notFound' };
  }
  const written = await context.services.model.records.update<Submissions>(
    context.account.id,
    kind,
    (current) => {
      const items = { ...(current?.items ?? {}), ...results };
      for (const id of outcome.destroyed) delete items[id];
      return { nextId, items };
    },
  );
  const response = outcome.toJson(args['accountId'], oldState, stateOf(written.version));
  const followUp = await onSuccess(args, context, createdIds, results);
  return followUp ? { ...response, '#followUp': [['Email/set', followUp]] } : response;
}

/** The implicit Email/set of RFC 8621 §7.5 for submissions that were created. */
async function onSuccess(
  args: JsonObject,
  context: MethodContext,
  created: Map<string, string>,
  results: Record<string, SubmissionRecord>,
): Promise<JsonObject | null> {
  const updates = (args['onSuccessUpdateEmail'] ?? {}) as Record<string, JsonObject>;
  const destroys = (args['onSuccessDestroyEmail'] ?? []) as string[];
  const emailOf = (reference: string): string | null => {
    const id = reference.startsWith('#') ? created.get(reference.slice(1)) : reference;
    return id === undefined ? null : (results[id]?.emailId ?? null);
  };
  const update: Record<string, JsonObject> = {};
  for (const [reference, patch] of Object.entries(updates)) {
    const emailId = emailOf(reference);
    if (emailId) update[emailId] = patch;
  }
  const destroy = destroys.map(emailOf).filter((id): id is string => id !== null);
  if (Object.keys(update).length === 0 && destroy.length === 0) return null;
  return setEmails({ accountId: args['accountId'], update, destroy }, context);
}

export const submissionMethods: readonly MethodSpec[] = [
  { name: 'EmailSubmission/get', capability: capabilities.submission, run: getSubmissions },
  { name: 'EmailSubmission/changes', capability: capabilities.submission, run: submissionChanges },
  { name: 'EmailSubmission/query', capability: capabilities.submission, run: querySubmissions },
  { name: 'EmailSubmission/set', capability: capabilities.submission, run: setSubmissions },
];
