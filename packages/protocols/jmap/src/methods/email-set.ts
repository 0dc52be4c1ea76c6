// RFC 8621 §4.6 Email/set (keywords and mailboxIds patches, create from structured
// properties, destroy) and §4.8 Email/import (uploaded blobs into mailboxes).
import type { StoredMessage } from '@chasqui/mail';
import { checkAccount, parseObjectId, resolveId, stateOf } from '../api/args.js';
import { unescapePointerToken } from '../api/result-reference.js';
import { readSetArguments, setErrorOf, SetFailure, SetOutcome } from '../api/set-support.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';
import { composeEmail } from '../mail/compose.js';
import { keywordsOf } from '../mail/email-object.js';
import { toFlags } from '../mail/keywords.js';

function mailboxSet(value: unknown, context: MethodContext): number[] {
  if (value === null || typeof value !== 'object')
    throw new SetFailure('invalidProperties', 'mailboxIds', ['mailboxIds']);
  const ids = Object.entries(value as JsonObject)
    .filter(([, on]) => on === true)
    .map(([id]) => parseObjectId('F', resolveId(id, context)));
  if (ids.length === 0 || ids.some((id) => id === null)) {
    throw new SetFailure('invalidProperties', 'an Email needs at least one valid mailbox', ['mailboxIds']);
  }
  return ids as number[];
}

/**
 * Applies "keywords" / "keywords/x" and "mailboxIds" / "mailboxIds/x" patches (RFC 8620 §5.3);
 * returns the names set to true afterwards, or null when the property is not patched.
 */
function patched(current: readonly string[], patch: JsonObject, property: string): Set<string> | null {
  let result: Set<string> | null = null;
  for (const [path, value] of Object.entries(patch)) {
    if (path === property) {
      if (value === null || typeof value !== 'object')
        throw new SetFailure('invalidProperties', `${property} must be an object`, [property]);
      result = new Set(
        Object.entries(value as JsonObject)
          .filter(([, on]) => on === true)
          .map(([key]) => key),
      );
    } else if (path.startsWith(`${property}/`)) {
      result ??= new Set(current);
      const key = unescapePointerToken(path.slice(property.length + 1));
      if (value === true) result.add(key);
      else if (value === null) result.delete(key);
      else throw new SetFailure('invalidProperties', `${path} must be true or null`, [property]);
    }
  }
  return result;
}

const asObject = (names: Set<string>): JsonObject =>
  Object.fromEntries([...names].map((name) => [name, true]));

async function updateEmail(context: MethodContext, message: StoredMessage, patch: JsonObject): Promise<void> {
  const known = Object.keys(patch).every((path) => /^(keywords|mailboxIds)(\/|$)/.test(path));
  if (!known) throw new SetFailure('invalidProperties', 'only keywords and mailboxIds can change');
  const { messages } = context.services.mail;
  const accountId = context.account.id;
  const keywords = patched(Object.keys(keywordsOf(message)), patch, 'keywords');
  const currentBoxes = [...message.uids.keys()].map((id) => `F${id}`);
  const boxes = patched(currentBoxes, patch, 'mailboxIds');
  const wanted = boxes ? new Set(mailboxSet(asObject(boxes), context)) : null;
  if (keywords) await messages.setFlags(accountId, [message.id], { set: toFlags(asObject(keywords)) });
  if (!wanted) return;
  const added = [...wanted].filter((id) => !message.uids.has(id));
  const removed = [...message.uids.keys()].filter((id) => !wanted.has(id));
  const [target] = added;
  const [from] = removed;
  if (added.length === 1 && removed.length === 1 && target !== undefined && from !== undefined) {
    await messages.move(accountId, [message.id], from, target);
    return;
  }
  // Gain first, then lose, so that the message is never in no mailbox (which destroys it).
  for (const mailboxId of added) await context.services.model.addToMailbox(accountId, message.id, mailboxId);
  for (const mailboxId of removed) {
    const uid = message.uids.get(mailboxId);
    if (uid !== undefined) await messages.expunge(accountId, mailboxId, [uid]);
  }
}

async function createEmail(context: MethodContext, object: JsonObject): Promise<JsonObject> {
  const mailboxIds = mailboxSet(object['mailboxIds'], context);
  const { flags, keywords } = toFlags((object['keywords'] ?? {}) as JsonObject);
  const { services } = context;
  const raw = await composeEmail(
    object,
    (blobId) => services.uploads.read(context, blobId),
    services.clock.now(),
  );
  const receivedAt =
    typeof object['receivedAt'] === 'string' ? Date.parse(object['receivedAt']) : services.clock.now();
  const result = await services.model.appendEmail({
    accountId: context.account.id,
    mailboxIds,
    raw,
    flags,
    keywords,
    receivedAt,
  });
  return {
    id: `M${result.messageId}`,
    blobId: result.blobId,
    threadId: `T${result.threadId}`,
    size: raw.length,
  };
}

/** Email/set, also used by EmailSubmission/set's onSuccessUpdateEmail/onSuccessDestroyEmail. */
export async function setEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { model, mail } = context.services;
  const accountId = context.account.id;
  const oldState = stateOf(await model.highestModseq(accountId));
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  await outcome.createEach(create, context, (object) => createEmail(context, object));
  await outcome.updateEach(update, async (id, patch) => {
    const numeric = parseObjectId('M', resolveId(id, context));
    const [message] = numeric === null ? [] : await mail.messages.get(accountId, [numeric]);
    if (!message || message.uids.size === 0) throw new SetFailure('notFound');
    await updateEmail(context, message, patch);
  });
  await destroyEmails(context, destroy, outcome);
  const newState = stateOf(await model.highestModseq(accountId));
  return outcome.toJson(args['accountId'], oldState, newState);
}

async function destroyEmails(
  context: MethodContext,
  ids: readonly string[],
  outcome: SetOutcome,
): Promise<void> {
  const { mail } = context.services;
  const accountId = context.account.id;
  for (const id of ids) {
    const numeric = parseObjectId('M', resolveId(id, context));
    const [message] = numeric === null ? [] : await mail.messages.get(accountId, [numeric]);
    if (!message || message.uids.size === 0) {
      outcome.notDestroyed[id] = { type: 'notFound' };
      continue;
    }
    for (const [mailboxId, uid] of message.uids) await mail.messages.expunge(accountId, mailboxId, [uid]);
    outcome.destroyed.push(id);
  }
}

async function importEmails(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { model, uploads, clock } = context.services;
  const accountId = context.account.id;
  const oldState = stateOf(await model.highestModseq(accountId));
  const { create } = readSetArguments({ ...args, create: args['emails'] }, context, oldState);
  const created: Record<string, JsonObject> = {};
  const notCreated: Record<string, JsonObject> = {};
  for (const [creationId, object] of Object.entries(create)) {
    try {
      const raw = await uploads.read(context, String(object['blobId']));
      if (!raw) throw new SetFailure('blobNotFound');
      const mailboxIds = mailboxSet(object['mailboxIds'], context);
      const { flags, keywords } = toFlags((object['keywords'] ?? {}) as JsonObject);
      const receivedAt =
        typeof object['receivedAt'] === 'string' ? Date.parse(object['receivedAt']) : clock.now();
      const result = await model.appendEmail({ accountId, mailboxIds, raw, flags, keywords, receivedAt });
      created[creationId] = {
        id: `M${result.messageId}`,
        blobId: result.blobId,
        threadId: `T${result.threadId}`,
        size: raw.byteLength,
      };
      context.createdIds.set(creationId, `M${result.messageId}`);
    } catch (error) {
      notCreated[creationId] = setErrorOf(error);
    }
  }
  const newState = stateOf(await model.highestModseq(accountId));
  const orNull = (record: Record<string, JsonObject>) => (Object.keys(record).length > 0 ? record : null);
  return {
    accountId: args['accountId'],
    oldState,
    newState,
    created: orNull(created),
    notCreated: orNull(notCreated),
  };
}

export const emailWriteMethods: readonly MethodSpec[] = [
  { name: 'Email/set', capability: capabilities.mail, run: setEmails },
  { name: 'Email/import', capability: capabilities.mail, run: importEmails },
];
