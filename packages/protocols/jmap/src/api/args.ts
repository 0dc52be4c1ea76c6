// Argument checks shared by every method (RFC 8620 §5): the account, ids, states, and the
// invalidArguments error with a description naming the argument at fault.
import type { Account } from './account.js';
import { MethodError, type JsonObject, type MethodContext } from './types.js';

/** The JMAP id of an account: the directory id with a kind letter, like the mail object ids. */
export function accountIdOf(account: Account): string {
  return `A${account.id}`;
}

/** Checks `accountId` names the authenticated account (no shared accounts yet). */
export function checkAccount(args: JsonObject, context: MethodContext): void {
  const { accountId } = args;
  if (typeof accountId !== 'string') throw invalid('accountId must be a string');
  if (accountId !== accountIdOf(context.account)) throw new MethodError('accountNotFound');
}

export function invalid(description: string): MethodError {
  return new MethodError('invalidArguments', description);
}

/** State strings are the account modseq in decimal (ARCHITECTURE.md §2). */
export function stateOf(modseq: number): string {
  return String(modseq);
}

export function parseState(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/** The numeric store id of a JMAP id with the given kind letter, or null. */
export function parseObjectId(letter: string, id: string): number | null {
  if (!id.startsWith(letter) || !/^\d{1,15}$/.test(id.slice(1))) return null;
  return Number(id.slice(1));
}

/** A list of strings, or null when absent/null; invalidArguments otherwise. */
export function optionalStrings(args: JsonObject, name: string): string[] | null {
  const value = args[name];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalid(`${name} must be a list of strings`);
  }
  return value;
}

export function optionalNumber(args: JsonObject, name: string, fallback: number): number {
  const value = args[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(`${name} must be an integer`);
  return value;
}

export function optionalBoolean(args: JsonObject, name: string, fallback: boolean): boolean {
  const value = args[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${name} must be a boolean`);
  return value;
}

export function optionalObject(args: JsonObject, name: string): JsonObject | null {
  const value = args[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${name} must be an object`);
  return value as JsonObject;
}

/** Resolves "#creationId" references (RFC 8620 §5.3) to the ids created earlier in the request. */
export function resolveId(id: string, context: MethodContext): string {
  if (!id.startsWith('#')) return id;
  return context.createdIds.get(id.slice(1)) ?? id;
}

/** Checks the ids list of a /get against maxObjectsInGet. */
export function checkGetIds(ids: readonly string[] | null, context: MethodContext): void {
  if (ids && ids.length > context.services.limitsResolved.maxObjectsInGet) {
    throw new MethodError(
      'requestTooLarge',
      `at most ${context.services.limitsResolved.maxObjectsInGet} ids`,
    );
  }
}

/** Filters an object to the requested properties (always keeping id). */
export function pick(object: JsonObject, properties: readonly string[] | null): JsonObject {
  if (!properties) return object;
  const picked: JsonObject = { id: object['id'] };
  for (const name of properties) if (name in object) picked[name] = object[name];
  return picked;
}
