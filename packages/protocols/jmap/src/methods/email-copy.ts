// RFC 8621 §4.7 Email/copy (RFC 8620 §5.4 /copy): copies Emails from another account the user
// can read into this one. Accounts are not shared yet, so the only account a user sees is their
// own, which /copy may not name as both ends (RFC 8620 §5.4): today every call answers
// fromAccountNotFound or invalidArguments. The copy itself is written for when sharing lands.
import { accountIdOf, checkAccount, invalid, parseObjectId, stateOf } from '../api/args.js';
import { setErrorOf, SetFailure } from '../api/set-support.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import type { Account } from '../api/account.js';
import { toFlags } from '../mail/keywords.js';
import { setEmails } from './email-set.js';

/** The accounts the user may read from (their own only, until accounts are shared). */
function readableAccounts(context: MethodContext): Account[] {
  return [context.account];
}

async function copyOne(
  context: MethodContext,
  from: Account,
  object: JsonObject,
): Promise<{ created: JsonObject; sourceId: string }> {
  const sourceId = typeof object['id'] === 'string' ? object['id'] : '';
  const numeric = parseObjectId('M', sourceId);
  const { mail, model, clock } = context.services;
  const [message] = numeric === null ? [] : await mail.messages.get(from.id, [numeric]);
  if (!message || message.uids.size === 0) throw new SetFailure('notFound', `${sourceId} not found`);
  const mailboxIds = Object.entries((object['mailboxIds'] ?? {}) as JsonObject)
    .filter(([, on]) => on === true)
    .map(([id]) => parseObjectId('F', id));
  if (mailboxIds.length === 0 || mailboxIds.some((id) => id === null)) {
    throw new SetFailure('invalidProperties', 'mailboxIds are required', ['mailboxIds']);
  }
  const { flags, keywords } = toFlags((object['keywords'] ?? {}) as JsonObject);
  const receivedAt =
    typeof object['receivedAt'] === 'string' ? Date.parse(object['receivedAt']) : message.receivedAt;
  const raw = await mail.messages.readRaw(from.id, message.id);
  const result = await model.appendEmail({
    accountId: context.account.id,
    mailboxIds: mailboxIds as number[],
    raw,
    flags: object['keywords'] === undefined ? message.flags : flags,
    keywords: object['keywords'] === undefined ? message.keywords : keywords,
    receivedAt: Number.isNaN(receivedAt) ? clock.now() : receivedAt,
  });
  return {
    sourceId,
    created: {
      id: `M${result.messageId}`,
      blobId: result.blobId,
      threadId: `T${result.threadId}`,
      size: raw.length,
    },
  };
}

async function copyEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const fromAccountId = args['fromAccountId'];
  if (typeof fromAccountId !== 'string') throw invalid('fromAccountId must be a string');
  if (fromAccountId === args['accountId']) throw invalid('fromAccountId must differ from accountId');
  const from = readableAccounts(context).find((account) => accountIdOf(account) === fromAccountId);
  if (!from) throw new MethodError('fromAccountNotFound');
  const { model } = context.services;
  const oldState = stateOf(await model.highestModseq(context.account.id));
  if (typeof args['ifInState'] === 'string' && args['ifInState'] !== oldState)
    throw new MethodError('stateMismatch');
  const created: Record<string, JsonObject> = {};
  const notCreated: Record<string, JsonObject> = {};
  const originals: string[] = [];
  for (const [creationId, object] of Object.entries((args['create'] ?? {}) as Record<string, JsonObject>)) {
    try {
      const copied = await copyOne(context, from, object);
      created[creationId] = copied.created;
      originals.push(copied.sourceId);
      context.createdIds.set(creationId, String(copied.created['id']));
    } catch (error) {
      notCreated[creationId] = setErrorOf(error);
    }
  }
  const orNull = (record: Record<string, JsonObject>) => (Object.keys(record).length > 0 ? record : null);
  const response: JsonObject = {
    fromAccountId,
    accountId: args['accountId'],
    oldState,
    newState: stateOf(await model.highestModseq(context.account.id)),
    created: orNull(created),
    notCreated: orNull(notCreated),
  };
  if (args['onSuccessDestroyOriginal'] !== true || originals.length === 0) return response;
  const destroy = await setEmails(
    { accountId: fromAccountId, destroy: originals },
    { ...context, account: from },
  );
  return { ...response, '#followUp': [['Email/set', destroy]] };
}

export const emailCopyMethods: readonly MethodSpec[] = [
  { name: 'Email/copy', capability: capabilities.mail, run: copyEmails },
];
