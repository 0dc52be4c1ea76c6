// RFC 8621 §2.5 Mailbox/set: create (with parentId), rename/move/subscribe, destroy with
// onDestroyRemoveEmails. Names are stored as full '/'-paths, so parentId + name make the path.
import { mailboxObjectId, type Mailbox } from '@chasqui/mail';
import { checkAccount, parseObjectId, resolveId, stateOf } from '../api/args.js';
import { readSetArguments, SetFailure, SetOutcome } from '../api/set-support.js';
import type { JsonObject, MethodContext } from '../api/types.js';

async function byJmapId(context: MethodContext, id: string): Promise<Mailbox> {
  const numeric = parseObjectId('F', resolveId(id, context));
  if (numeric === null) throw new SetFailure('notFound');
  return context.services.mail.mailboxes.getById(context.account.id, numeric);
}

async function pathFor(context: MethodContext, parentId: unknown, name: unknown): Promise<string> {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new SetFailure('invalidProperties', 'name must be a non-empty string without "/"', ['name']);
  }
  if (parentId === null || parentId === undefined) return name;
  if (typeof parentId !== 'string') throw new SetFailure('invalidProperties', 'bad parentId', ['parentId']);
  const parent = await byJmapId(context, parentId).catch(() => {
    throw new SetFailure('invalidProperties', 'parentId not found', ['parentId']);
  });
  return `${parent.name}/${name}`;
}

async function createOne(context: MethodContext, object: JsonObject): Promise<JsonObject> {
  const allowed = new Set(['name', 'parentId', 'isSubscribed', 'role', 'sortOrder']);
  const extra = Object.keys(object).filter((key) => !allowed.has(key));
  if (extra.length > 0) throw new SetFailure('invalidProperties', 'unknown or server-set properties', extra);
  if (object['role'] !== undefined && object['role'] !== null) {
    throw new SetFailure('invalidProperties', 'roles are fixed by the server', ['role']);
  }
  const path = await pathFor(context, object['parentId'], object['name']);
  const { mailboxes } = context.services.mail;
  const created = await mailboxes.create(context.account.id, path);
  if (object['isSubscribed'] === false) await mailboxes.setSubscribed(context.account.id, path, false);
  return {
    id: mailboxObjectId(created.id),
    totalEmails: 0,
    unreadEmails: 0,
    totalThreads: 0,
    unreadThreads: 0,
  };
}

async function updateOne(context: MethodContext, id: string, patch: JsonObject): Promise<void> {
  const mailbox = await byJmapId(context, id);
  const { mailboxes } = context.services.mail;
  const accountId = context.account.id;
  if ('name' in patch || 'parentId' in patch) {
    const slash = mailbox.name.lastIndexOf('/');
    const currentParent = slash > 0 ? await mailboxes.get(accountId, mailbox.name.slice(0, slash)) : null;
    const parentId =
      'parentId' in patch ? patch['parentId'] : currentParent ? mailboxObjectId(currentParent.id) : null;
    const name = 'name' in patch ? patch['name'] : slash > 0 ? mailbox.name.slice(slash + 1) : mailbox.name;
    const path = await pathFor(context, parentId, name);
    if (path !== mailbox.name) {
      if (mailbox.role === 'inbox') throw new SetFailure('forbidden', 'INBOX cannot be renamed');
      await mailboxes.rename(accountId, mailbox.name, path);
    }
  }
  if (typeof patch['isSubscribed'] === 'boolean') {
    const current = await mailboxes.getById(accountId, mailbox.id);
    await mailboxes.setSubscribed(accountId, current.name, patch['isSubscribed']);
  }
  for (const key of Object.keys(patch)) {
    if (!['name', 'parentId', 'isSubscribed', 'sortOrder'].includes(key)) {
      throw new SetFailure('invalidProperties', `${key} cannot be changed`, [key]);
    }
  }
}

async function destroyOne(context: MethodContext, id: string, removeEmails: boolean): Promise<void> {
  const mailbox = await byJmapId(context, id);
  const { mailboxes, messages } = context.services.mail;
  const accountId = context.account.id;
  if (mailbox.role === 'inbox') throw new SetFailure('forbidden', 'INBOX cannot be destroyed');
  const all = await mailboxes.list(accountId);
  if (all.some((other) => other.name.startsWith(`${mailbox.name}/`))) throw new SetFailure('mailboxHasChild');
  if (!removeEmails && (await messages.list(accountId, mailbox.id)).length > 0)
    throw new SetFailure('mailboxHasEmail');
  await mailboxes.delete(accountId, mailbox.name);
}

export async function setMailboxes(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { model } = context.services;
  const oldState = stateOf(await model.highestModseq(context.account.id));
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  await outcome.createEach(create, context, (object) => createOne(context, object));
  await outcome.updateEach(update, (id, patch) => updateOne(context, id, patch));
  const removeEmails = args['onDestroyRemoveEmails'] === true;
  await outcome.destroyEach(destroy, (id) => destroyOne(context, id, removeEmails));
  const newState = stateOf(await model.highestModseq(context.account.id));
  return outcome.toJson(args['accountId'], oldState, newState);
}
