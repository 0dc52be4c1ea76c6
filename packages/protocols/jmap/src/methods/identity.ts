// RFC 8621 §6 Identity/get, /changes, /set and §8 VacationResponse/get, /set. Identities are the
// account's own address and its aliases; their editable fields persist as an account record.
import { checkAccount, invalid, optionalStrings, parseState, pick, stateOf } from '../api/args.js';
import { readSetArguments, SetOutcome } from '../api/set-support.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';

type IdentityFields = Record<
  string,
  { name?: string; replyTo?: unknown; bcc?: unknown; textSignature?: string; htmlSignature?: string }
>;
const editable = ['name', 'replyTo', 'bcc', 'textSignature', 'htmlSignature'];

async function identities(context: MethodContext): Promise<{ version: number; list: JsonObject[] }> {
  const { model } = context.services;
  const record = await model.records.read<IdentityFields>(context.account.id, 'identities');
  const addresses = await model.ownedAddresses(context.account);
  const list = addresses.map((email, index) => {
    const id = `I${index === 0 ? 'own' : email}`;
    const fields = record?.value[id] ?? {};
    return {
      id,
      name: fields.name ?? (index === 0 ? context.account.displayName : ''),
      email,
      replyTo: fields.replyTo ?? null,
      bcc: fields.bcc ?? null,
      textSignature: fields.textSignature ?? '',
      htmlSignature: fields.htmlSignature ?? '',
      mayDelete: false,
    };
  });
  return { version: record?.version ?? 0, list };
}

async function getIdentities(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  const properties = optionalStrings(args, 'properties');
  const { version, list } = await identities(context);
  const found = ids ? list.filter((identity) => ids.includes(String(identity['id']))) : list;
  const notFound = ids ? ids.filter((id) => !list.some((identity) => identity['id'] === id)) : [];
  return {
    accountId: args['accountId'],
    state: stateOf(version),
    list: found.map((i) => pick(i, properties)),
    notFound,
  };
}

async function identityChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const since = parseState(args['sinceState']);
  if (since === null) throw invalid('sinceState must be a state string');
  const { version, list } = await identities(context);
  if (since > version) throw new MethodError('cannotCalculateChanges');
  const updated = since === version ? [] : list.map((identity) => identity['id']);
  return {
    accountId: args['accountId'],
    oldState: stateOf(since),
    newState: stateOf(version),
    hasMoreChanges: false,
    created: [],
    updated,
    destroyed: [],
  };
}

async function setIdentities(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const before = await identities(context);
  const oldState = stateOf(before.version);
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  for (const creationId of Object.keys(create))
    outcome.notCreated[creationId] = {
      type: 'forbidden',
      description: 'identities follow the account and its aliases',
    };
  for (const id of destroy) outcome.notDestroyed[id] = { type: 'forbidden' };
  const changes: IdentityFields = {};
  for (const [id, patch] of Object.entries(update)) {
    const bad = Object.keys(patch).filter((key) => !editable.includes(key));
    if (!before.list.some((identity) => identity['id'] === id)) outcome.notUpdated[id] = { type: 'notFound' };
    else if (bad.length > 0) outcome.notUpdated[id] = { type: 'invalidProperties', properties: bad };
    else {
      changes[id] = patch;
      outcome.updated[id] = null;
    }
  }
  let version = before.version;
  if (Object.keys(changes).length > 0) {
    const written = await context.services.model.records.update<IdentityFields>(
      context.account.id,
      'identities',
      (current) => {
        const next: IdentityFields = { ...(current ?? {}) };
        for (const [id, patch] of Object.entries(changes)) next[id] = { ...(next[id] ?? {}), ...patch };
        return next;
      },
    );
    version = written.version;
  }
  return outcome.toJson(args['accountId'], oldState, stateOf(version));
}

const vacationDefaults = {
  id: 'singleton',
  isEnabled: false,
  fromDate: null,
  toDate: null,
  subject: null,
  textBody: null,
  htmlBody: null,
};

async function getVacation(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const record = await context.services.model.records.read<JsonObject>(context.account.id, 'vacation');
  const ids = optionalStrings(args, 'ids');
  const value = { ...vacationDefaults, ...(record?.value ?? {}) };
  const wanted = ids === null || ids.includes('singleton');
  return {
    accountId: args['accountId'],
    state: stateOf(record?.version ?? 0),
    list: wanted ? [value] : [],
    notFound: (ids ?? []).filter((id) => id !== 'singleton'),
  };
}

async function setVacation(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const { records } = context.services.model;
  const current = await records.read<JsonObject>(context.account.id, 'vacation');
  const oldState = stateOf(current?.version ?? 0);
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const outcome = new SetOutcome();
  for (const creationId of Object.keys(create)) outcome.notCreated[creationId] = { type: 'singleton' };
  for (const id of destroy) outcome.notDestroyed[id] = { type: 'singleton' };
  let version = current?.version ?? 0;
  for (const [id, patch] of Object.entries(update)) {
    const bad = Object.keys(patch).filter((key) => !(key in vacationDefaults) || key === 'id');
    if (id !== 'singleton') outcome.notUpdated[id] = { type: 'notFound' };
    else if (bad.length > 0) outcome.notUpdated[id] = { type: 'invalidProperties', properties: bad };
    else {
      version = (
        await records.update<JsonObject>(context.account.id, 'vacation', (value) => ({
          ...(value ?? {}),
          ...patch,
        }))
      ).version;
      outcome.updated[id] = null;
    }
  }
  return outcome.toJson(args['accountId'], oldState, stateOf(version));
}

export const identityMethods: readonly MethodSpec[] = [
  { name: 'Identity/get', capability: capabilities.submission, run: getIdentities },
  { name: 'Identity/changes', capability: capabilities.submission, run: identityChanges },
  { name: 'Identity/set', capability: capabilities.submission, run: setIdentities },
  { name: 'VacationResponse/get', capability: capabilities.vacation, run: getVacation },
  { name: 'VacationResponse/set', capability: capabilities.vacation, run: setVacation },
];
