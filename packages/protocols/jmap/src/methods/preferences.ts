// urn:chasqui:params:jmap:preferences — Preferences/get, /set and /changes for the one
// "singleton" object per account (RFC 8620 §5.1–5.3 shapes, like VacationResponse in RFC 8621
// §8). Kept in the store, so every node and every restart sees the same preferences; each
// write pushes a StateChange for the type "Preferences".
import { checkAccount, optionalStrings, pick, stateOf } from '../api/args.js';
import { readSetArguments, setErrorOf, SetFailure, SetOutcome } from '../api/set-support.js';
import {
  capabilities,
  MethodError,
  type JsonObject,
  type MethodContext,
  type MethodSpec,
} from '../api/types.js';
import { versionedChanges } from '../api/versioned-changes.js';
import { applyPatch } from '../preferences/patch-object.js';
import {
  preferencesObject,
  storedPreferences,
  validatePreferences,
  type PreferencesDocument,
} from '../preferences/preferences-document.js';

const singleton = 'singleton';
/** Compare-and-swap attempts before giving up on a very busy object. */
const maxWriteAttempts = 5;

async function getPreferences(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const ids = optionalStrings(args, 'ids');
  const properties = optionalStrings(args, 'properties');
  const stored = await context.services.model.preferences.get(context.account.id);
  const wanted = ids === null || ids.includes(singleton);
  return {
    accountId: args['accountId'],
    state: stateOf(stored.version),
    list: wanted ? [pick(preferencesObject(storedPreferences(stored.data)), properties)] : [],
    notFound: (ids ?? []).filter((id) => id !== singleton),
  };
}

function preferencesChanges(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  const { preferences } = context.services.model;
  return versionedChanges(
    args,
    context,
    async (accountId, since) => {
      const { version } = await preferences.get(accountId);
      return { created: [], updated: since < version ? [0] : [], destroyed: [], version };
    },
    () => singleton,
  );
}

/** The properties whose stored value differs from what the client sent (RFC 8620 §5.3 updated). */
function changedByServer(patched: JsonObject, document: PreferencesDocument): JsonObject | null {
  const changed: JsonObject = {};
  for (const [property, value] of Object.entries(document)) {
    const sent: unknown = patched[property] ?? null;
    if (sent !== null && JSON.stringify(sent) !== JSON.stringify(value)) changed[property] = value;
  }
  return Object.keys(changed).length > 0 ? changed : null;
}

/**
 * Applies one patch with compare-and-swap on the stored version; retried when another write
 * came first, unless the request was conditional (ifInState), which then fails.
 */
async function writePatch(
  context: MethodContext,
  patch: unknown,
  requiredVersion: number | null,
): Promise<{ version: number; changed: JsonObject | null }> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new SetFailure('invalidPatch', 'a PatchObject must be an object');
  }
  const { preferences } = context.services.model;
  const patchedProperties = new Set(Object.keys(patch as JsonObject).map((path) => path.split('/')[0] ?? ''));
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    const stored = await preferences.get(context.account.id);
    if (requiredVersion !== null && stored.version !== requiredVersion)
      throw new MethodError('stateMismatch');
    const current = preferencesObject(storedPreferences(stored.data));
    const patched = applyPatch(current, patch as JsonObject);
    const document = validatePreferences(patched, patchedProperties);
    const changed = changedByServer(patched, document);
    // Nothing new: the state stays, and no push goes out.
    if (JSON.stringify(preferencesObject(document)) === JSON.stringify(current))
      return { version: stored.version, changed };
    const version = await preferences.replace(context.account.id, document, stored.version);
    if (version !== null) return { version, changed };
  }
  throw new SetFailure('serverFail', 'the preferences changed too often to apply the patch');
}

async function setPreferences(args: JsonObject, context: MethodContext): Promise<JsonObject> {
  checkAccount(args, context);
  const accountId = context.account.id;
  const before = await context.services.model.preferences.get(accountId);
  const oldState = stateOf(before.version);
  const { create, update, destroy } = readSetArguments(args, context, oldState);
  const isConditional = typeof args['ifInState'] === 'string';
  const outcome = new SetOutcome();
  for (const creationId of Object.keys(create)) {
    outcome.notCreated[creationId] = { type: 'singleton', description: 'Preferences is a singleton' };
  }
  for (const id of destroy) {
    outcome.notDestroyed[id] = { type: 'singleton', description: 'Preferences is a singleton' };
  }
  let version = before.version;
  for (const [id, patch] of Object.entries(update)) {
    try {
      if (id !== singleton) throw new SetFailure('notFound');
      const written = await writePatch(context, patch, isConditional ? version : null);
      version = written.version;
      outcome.updated[id] = written.changed;
    } catch (error) {
      if (error instanceof MethodError) throw error;
      outcome.notUpdated[id] = setErrorOf(error);
    }
  }
  if (version !== before.version) {
    context.services.mail.notifier.publish({
      accountId,
      mailboxIds: [],
      mailboxesChanged: false,
      modseq: 0,
      jmapTypes: ['Preferences'],
    });
  }
  return outcome.toJson(args['accountId'], oldState, stateOf(version));
}

export const preferencesMethods: readonly MethodSpec[] = [
  { name: 'Preferences/get', capability: capabilities.preferences, run: getPreferences },
  { name: 'Preferences/changes', capability: capabilities.preferences, run: preferencesChanges },
  { name: 'Preferences/set', capability: capabilities.preferences, run: setPreferences },
];
