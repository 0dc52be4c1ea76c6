// RFC 8621 §6 Identity/get, /changes, /set, kept in the store. An account starts with one
// identity for its own address; more can be created for the account's own address or the
// aliases that deliver to it, and any can be destroyed.
import type { JmapIdentity, JmapIdentityFields } from '@chasqui/mail';
import { isChasquiError } from '@chasqui/core';
import { checkAccount, optionalStrings, parseObjectId, pick, stateOf } from '../api/args.js';
import { versionedChanges } from '../api/versioned-changes.js';
import { readSetArguments, SetFailure, SetOutcome } from '../api/set-support.js';
import { capabilities, type JsonObject, type MethodContext, type MethodSpec } from '../api/types.js';

const editable = new Set(['name', 'replyTo', 'bcc', 'textSignature', 'htmlSignature']);
const identityId = (id: number) => `I${id}`;

function identityObject(identity: JmapIdentity): JsonObject {
  return {
    id: identityId(identity.id),
    name: identity.name,
    email: identity.address,
    replyTo: identity.replyTo,
    bcc: identity.bcc,
    textSignature: identity.textSignature,
    htmlSignature: identity.htmlSignature,
    mayDelete: true,
  };
}

/** The account's identities, creating the first one (its own address) on first use. */
export async function loadIdentities(context: MethodContext): Promise<JmapIdentity[]> {
  const { identities } = context.services.model;
  const { account } = context;
  const list = await identities.list(account.id);
  if (list.length > 0) return list;
  const created = await identities.createDefault(account.id, account.address, account.displayName);
  return created ? identities.list(account.id) : list;
}

function isAddressList(value: unknown): boolean {
  return (
    value === null ||
    (Array.isArray(value) &&
      value.every(
        (item) =>
          item !== null &&
          typeof item === 'object' &&
          typeof (item as { email?: unknown }).email === 'string',
      ))
  );
}

/** The editable fields of a create or update, validated. */
function readFields(object: JsonObject): JmapIdentityFields {
  const bad = Object.keys(object).filter((key) => !editable.has(key));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (!editable.has(key)) continue;
    const ok = key === 'replyTo' || key === 'bcc' ? isAddressList(value) : typeof value === 'string';
    if (ok) fields[key] = value;
    else bad.push(key);
  }
  if (bad.length > 0) throw new SetFailure('invalidProperties', 'invalid or immutable properties', bad);
  return fields;
}

async function getIdentities(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  const properties = optionalStrings(args, 'properties');
  const list = (await loadIdentities(context)).map(identityObject);
  const version = await context.services.model.identities.version(context.account.id);
  const byId = new Map(list.map((identity) => [String(identity['id']), identity]));
  return {
    accountId: args['accountId'],
    state: stateOf(version),
    list: (ids ? ids.map((id) => byId.get(id)).filter((item) => item !== undefined) : list).map((i) =>
      pick(i, properties),
    ),
    notFound: (ids ?? []).filter((id) => !byId.has(id)),
  };
}

function identityChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  const records = context.services.model.identities;
  return versionedChanges(args, context, (accountId, since) => records.changes(accountId, since), identityId);
}

async function createIdentity(context: MethodContext, object: JsonObject): Promise<JsonObject> {
  const { email, ...rest } = object;
  if (typeof email !== 'string') throw new SetFailure('invalidProperties', 'email is required', ['email']);
  const fields = readFields(rest);
  const owned = await context.services.model.ownedAddresses(context.account);
  if (!owned.includes(email.toLowerCase())) {
    throw new SetFailure('forbiddenFrom', `${email} is not an address of this account`);
  }
  try {
    const created = await context.services.model.identities.create(context.account.id, email, fields);
    return { id: identityId(created.id), mayDelete: true };
  } catch (error) {
    if (isChasquiError(error, 'ALREADY_EXISTS'))
      throw new SetFailure('invalidProperties', `${email} already has an identity`, ['email']);
    throw error;
  }
}

async function setIdentities(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { identities } = context.services.model;
  const accountId = context.account.id;
  await loadIdentities(context);
  const oldState = stateOf(await identities.version(accountId));
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  await outcome.createEach(create, context, (object) => createIdentity(context, object));
  await outcome.updateEach(update, async (id, patch) => {
    const numeric = parseObjectId('I', id);
    const fields = readFields(patch);
    if (numeric === null || !(await identities.update(accountId, numeric, fields)))
      throw new SetFailure('notFound');
  });
  await outcome.destroyEach(destroy, async (id) => {
    const numeric = parseObjectId('I', id);
    if (numeric === null || !(await identities.destroy(accountId, numeric))) throw new SetFailure('notFound');
  });
  return outcome.toJson(args['accountId'], oldState, stateOf(await identities.version(accountId)));
}

export const identityMethods: readonly MethodSpec[] = [
  { name: 'Identity/get', capability: capabilities.submission, run: getIdentities },
  { name: 'Identity/changes', capability: capabilities.submission, run: identityChanges },
  { name: 'Identity/set', capability: capabilities.submission, run: setIdentities },
];
