// RFC 8621 §7 EmailSubmission/get, /changes, /query, /set: sends a stored Email through the
// delivery pipeline as a submission (sender ownership enforced there), with
// onSuccessUpdateEmail / onSuccessDestroyEmail, and delayed sending with sendAt (pending in the
// store, cancellable by setting undoStatus to "canceled" until it is sent).
import type { EmailSubmissionRecord } from '@chasqui/mail';
import { checkAccount, optionalStrings, parseObjectId, pick, resolveId, stateOf } from '../api/args.js';
import { versionedChanges } from '../api/versioned-changes.js';
import { readSetArguments, setErrorOf, SetFailure, SetOutcome } from '../api/set-support.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';
import { setEmails } from './email-set.js';
import { loadIdentities } from './identity.js';
import { envelopeOf, sendMessage } from './submission-scheduler.js';

/** Longest accepted delay (also in the session's maxDelayedSend). */
export const maxDelayedSendSeconds = 30 * 24 * 3600;

const utc = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
const submissionId = (id: number) => `S${id}`;

function submissionObject(record: EmailSubmissionRecord): JsonObject {
  return {
    id: submissionId(record.id),
    identityId: record.identityId,
    emailId: `M${record.messageId}`,
    threadId: `T${record.threadId}`,
    envelope: record.envelope,
    sendAt: utc(record.sendAt),
    undoStatus: record.undoStatus,
    deliveryStatus: record.deliveryStatus,
    dsnBlobIds: [],
    mdnBlobIds: [],
  };
}

async function getSubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  const { submissions } = context.services.model;
  const version = await submissions.version(context.account.id);
  const all = (await submissions.list(context.account.id)).map(submissionObject);
  const byId = new Map(all.map((item) => [String(item['id']), item]));
  const list = ids ? ids.map((id) => byId.get(id)).filter((item) => item !== undefined) : all;
  const properties = optionalStrings(args, 'properties');
  return {
    accountId: args['accountId'],
    state: stateOf(version),
    list: list.map((item) => pick(item, properties)),
    notFound: (ids ?? []).filter((id) => !byId.has(id)),
  };
}

function submissionChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  const records = context.services.model.submissions;
  return versionedChanges(
    args,
    context,
    (accountId, since) => records.changes(accountId, since),
    submissionId,
  );
}

function matches(item: JsonObject, filter: JsonObject): boolean {
  const inList = (name: string, value: unknown) =>
    !Array.isArray(filter[name]) || (filter[name] as unknown[]).includes(value);
  const sendAt = String(item['sendAt']);
  return (
    inList('emailIds', item['emailId']) &&
    inList('identityIds', item['identityId']) &&
    inList('threadIds', item['threadId']) &&
    (typeof filter['undoStatus'] !== 'string' || filter['undoStatus'] === item['undoStatus']) &&
    (typeof filter['before'] !== 'string' || sendAt < filter['before']) &&
    (typeof filter['after'] !== 'string' || sendAt >= filter['after'])
  );
}

async function querySubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { submissions } = context.services.model;
  const version = await submissions.version(context.account.id);
  const filter = (args['filter'] ?? {}) as JsonObject;
  const items = (await submissions.list(context.account.id))
    .map(submissionObject)
    .filter((item) => matches(item, filter));
  const position = typeof args['position'] === 'number' ? Math.max(0, args['position']) : 0;
  const limit = typeof args['limit'] === 'number' ? args['limit'] : items.length;
  return {
    accountId: args['accountId'],
    queryState: stateOf(version),
    canCalculateChanges: false,
    position,
    ids: items.slice(position, position + limit).map((item) => item['id']),
    total: items.length,
  };
}

function readSendAt(object: JsonObject, now: number): number {
  const value = object['sendAt'];
  if (value === undefined || value === null) return now;
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new SetFailure('invalidProperties', 'sendAt must be a UTCDate', ['sendAt']);
  if (time > now + maxDelayedSendSeconds * 1000) {
    throw new SetFailure('invalidProperties', 'sendAt is beyond maxDelayedSend', ['sendAt']);
  }
  return Math.max(now, time);
}

async function createSubmission(context: MethodContext, object: JsonObject): Promise<EmailSubmissionRecord> {
  const { services, account } = context;
  const emailId = typeof object['emailId'] === 'string' ? resolveId(object['emailId'], context) : '';
  const messageId = parseObjectId('M', emailId);
  const [message] = messageId === null ? [] : await services.mail.messages.get(account.id, [messageId]);
  if (!message) throw new SetFailure('invalidProperties', 'emailId not found', ['emailId']);
  const identityId = typeof object['identityId'] === 'string' ? resolveId(object['identityId'], context) : '';
  const identityNumber = parseObjectId('I', identityId);
  const identities = await loadIdentities(context);
  if (!identities.some((identity) => identity.id === identityNumber)) {
    throw new SetFailure('invalidProperties', 'identityId not found', ['identityId']);
  }
  const now = services.clock.now();
  const sendAt = readSendAt(object, now);
  const envelope = object['envelope'] ?? null;
  const base = { accountId: account.id, identityId, messageId: message.id, threadId: message.threadId };
  if (sendAt > now) {
    // Checked now so that an Email without sender or recipients fails at once, not at its time.
    envelopeOf(await services.mail.messages.readRaw(account.id, message.id), envelope);
    const record = await services.model.submissions.create({
      ...base,
      envelope,
      sendAt,
      undoStatus: 'pending',
      deliveryStatus: null,
    });
    services.scheduler.wake(sendAt);
    return record;
  }
  const deliveryStatus = await sendMessage(services, account, message.id, envelope);
  return services.model.submissions.create({
    ...base,
    envelope,
    sendAt,
    undoStatus: 'final',
    deliveryStatus,
  });
}

async function updateSubmission(context: MethodContext, id: string, patch: JsonObject): Promise<void> {
  const numeric = parseObjectId('S', id);
  const { submissions } = context.services.model;
  const record = numeric === null ? null : await submissions.get(context.account.id, numeric);
  if (!record) throw new SetFailure('notFound');
  const keys = Object.keys(patch);
  if (keys.some((key) => key !== 'undoStatus') || patch['undoStatus'] !== 'canceled') {
    throw new SetFailure('invalidProperties', 'only undoStatus can change, to "canceled"', keys);
  }
  const canceled = await submissions.cancel(context.account.id, record.id, context.services.clock.now());
  if (!canceled) throw new SetFailure('cannotUnsend', 'the submission has been sent or is being sent');
}

async function setSubmissions(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { submissions } = context.services.model;
  const accountId = context.account.id;
  const oldState = stateOf(await submissions.version(accountId));
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  const createdIds = new Map<string, string>();
  const emailOfSubmission = new Map<string, string>();
  for (const [creationId, object] of Object.entries(create)) {
    try {
      const record = await createSubmission(context, object);
      const id = submissionId(record.id);
      createdIds.set(creationId, id);
      emailOfSubmission.set(id, `M${record.messageId}`);
      context.createdIds.set(creationId, id);
      outcome.created[creationId] = {
        id,
        sendAt: utc(record.sendAt),
        undoStatus: record.undoStatus,
        threadId: `T${record.threadId}`,
      };
    } catch (error) {
      outcome.notCreated[creationId] = setErrorOf(error);
    }
  }
  await outcome.updateEach(update, (id, patch) => updateSubmission(context, resolveId(id, context), patch));
  for (const id of destroy) {
    const numeric = parseObjectId('S', resolveId(id, context));
    if (numeric !== null && (await submissions.destroy(accountId, numeric))) outcome.destroyed.push(id);
    else outcome.notDestroyed[id] = { type: 'notFound' };
  }
  const response = outcome.toJson(args['accountId'], oldState, stateOf(await submissions.version(accountId)));
  const followUp = await onSuccess(args, context, createdIds, emailOfSubmission);
  return followUp ? { ...response, '#followUp': [['Email/set', followUp]] } : response;
}

/** The implicit Email/set of RFC 8621 §7.5 for submissions that were created. */
async function onSuccess(
  args: JsonObject,
  context: MethodContext,
  created: Map<string, string>,
  emailOfSubmission: Map<string, string>,
): Promise<JsonObject | null> {
  const updates = (args['onSuccessUpdateEmail'] ?? {}) as Record<string, JsonObject>;
  const destroys = (args['onSuccessDestroyEmail'] ?? []) as string[];
  const emailOf = (reference: string): string | null => {
    const id = reference.startsWith('#') ? created.get(reference.slice(1)) : reference;
    return id === undefined ? null : (emailOfSubmission.get(id) ?? null);
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
