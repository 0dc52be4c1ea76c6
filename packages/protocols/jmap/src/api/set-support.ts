// RFC 8620 §5.3 /set plumbing shared by every type: ifInState, the maxObjectsInSet limit and
// SetError objects from thrown errors.
import { isChasquiError } from '@chasqui/core';
import { invalid } from './args.js';
import { MethodError, type JsonObject, type MethodContext } from './types.js';

export interface SetArguments {
  readonly create: Record<string, JsonObject>;
  readonly update: Record<string, JsonObject>;
  readonly destroy: string[];
}

/** Reads create/update/destroy, enforcing ifInState and maxObjectsInSet. */
export function readSetArguments(
  args: JsonObject,
  context: MethodContext,
  currentState: string,
): SetArguments {
  const ifInState = args['ifInState'];
  if (ifInState !== undefined && ifInState !== null) {
    if (typeof ifInState !== 'string') throw invalid('ifInState must be a string');
    if (ifInState !== currentState) throw new MethodError('stateMismatch');
  }
  const create = (args['create'] ?? {}) as Record<string, JsonObject>;
  const update = (args['update'] ?? {}) as Record<string, JsonObject>;
  const destroy = (args['destroy'] ?? []) as string[];
  if (typeof create !== 'object' || typeof update !== 'object' || !Array.isArray(destroy)) {
    throw invalid('create, update and destroy must be objects and a list');
  }
  const count = Object.keys(create).length + Object.keys(update).length + destroy.length;
  if (count > context.services.limitsResolved.maxObjectsInSet) {
    throw new MethodError(
      'requestTooLarge',
      `at most ${context.services.limitsResolved.maxObjectsInSet} objects`,
    );
  }
  return { create, update, destroy };
}

/** A SetError thrown by a per-object step. */
export class SetFailure extends Error {
  constructor(
    readonly type: string,
    description?: string,
    readonly properties?: readonly string[],
  ) {
    super(description ?? type);
  }
}

/** The SetError object for a failure of one object. */
export function setErrorOf(error: unknown): JsonObject {
  if (error instanceof SetFailure) {
    return {
      type: error.type,
      description: error.message,
      ...(error.properties ? { properties: error.properties } : {}),
    };
  }
  if (error instanceof MethodError) return { type: error.type, description: error.message };
  if (isChasquiError(error)) {
    const map: Record<string, string> = {
      QUOTA_EXCEEDED: 'overQuota',
      NOT_FOUND: 'notFound',
      FORBIDDEN: 'forbidden',
      ALREADY_EXISTS: 'invalidProperties',
      INVALID_ARGUMENT: 'invalidProperties',
      CONFLICT: 'invalidProperties',
      MESSAGE_TOO_LARGE: 'tooLarge',
    };
    return { type: map[error.code] ?? 'serverFail', description: error.message };
  }
  return { type: 'serverFail', description: error instanceof Error ? error.message : 'failed' };
}

/** Collects the outcome of a /set: created, updated, destroyed and their failures. */
export class SetOutcome {
  readonly created: Record<string, JsonObject> = {};
  readonly notCreated: Record<string, JsonObject> = {};
  readonly updated: Record<string, JsonObject | null> = {};
  readonly notUpdated: Record<string, JsonObject> = {};
  readonly destroyed: string[] = [];
  readonly notDestroyed: Record<string, JsonObject> = {};

  /** Creates each object; a created id is remembered for `#creationId` back-references. */
  async createEach(
    create: Record<string, JsonObject>,
    context: MethodContext,
    createOne: (object: JsonObject) => Promise<JsonObject>,
  ): Promise<void> {
    for (const [creationId, object] of Object.entries(create)) {
      try {
        const created = await createOne(object);
        this.created[creationId] = created;
        context.createdIds.set(creationId, String(created['id']));
      } catch (error) {
        this.notCreated[creationId] = setErrorOf(error);
      }
    }
  }

  /** Applies each patch; `updateOne` may return the properties the server changed (an object). */
  async updateEach(
    update: Record<string, JsonObject>,
    updateOne: (id: string, patch: JsonObject) => Promise<unknown>,
  ): Promise<void> {
    for (const [id, patch] of Object.entries(update)) {
      try {
        const changed = await updateOne(id, patch);
        this.updated[id] = typeof changed === 'object' && changed !== null ? (changed as JsonObject) : null;
      } catch (error) {
        this.notUpdated[id] = setErrorOf(error);
      }
    }
  }

  /** Destroys each id; `destroyOne` throws (e.g. SetFailure('notFound')) to refuse one. */
  async destroyEach(ids: readonly string[], destroyOne: (id: string) => Promise<void>): Promise<void> {
    for (const id of ids) {
      try {
        await destroyOne(id);
        this.destroyed.push(id);
      } catch (error) {
        this.notDestroyed[id] = setErrorOf(error);
      }
    }
  }

  toJson(accountId: unknown, oldState: string, newState: string): JsonObject {
    const orNull = (record: Record<string, unknown>) => (Object.keys(record).length > 0 ? record : null);
    return {
      accountId,
      oldState,
      newState,
      created: orNull(this.created),
      updated: orNull(this.updated),
      destroyed: this.destroyed.length > 0 ? this.destroyed : null,
      notCreated: orNull(this.notCreated),
      notUpdated: orNull(this.notUpdated),
      notDestroyed: orNull(this.notDestroyed),
    };
  }
}
