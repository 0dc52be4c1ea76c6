// RFC 8620 §3.3–3.6 the API request: validation of the Request object, capability checks, method
// calls in order with result references and createdIds, and method-level errors.
import { isChasquiError } from '@chasqui/core';
import { resolveReferences } from './result-reference.js';
import { methodRegistry } from './registry.js';
import { capabilities, MethodError, type JsonObject, type MethodContext } from './types.js';

type Invocation = [string, JsonObject, string];

/** A request-level problem (RFC 8620 §3.6.1), answered with HTTP 400 and a problem JSON. */
export class RequestProblem extends Error {
  constructor(
    readonly type: string,
    readonly detail: string,
    readonly extra: JsonObject = {},
  ) {
    super(detail);
  }

  toJson(): JsonObject {
    return { type: this.type, status: 400, detail: this.detail, ...this.extra };
  }
}

const problem = (name: string): string => `urn:ietf:params:jmap:error:${name}`;

interface ParsedRequest {
  readonly using: readonly string[];
  readonly calls: readonly Invocation[];
  readonly createdIds: JsonObject | null;
}

/** Validates the shape of a Request object; throws RequestProblem. */
export function parseRequest(body: unknown, maxCalls: number): ParsedRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestProblem(problem('notRequest'), 'the body is not a Request object');
  }
  const { using, methodCalls, createdIds } = body as JsonObject;
  if (!Array.isArray(using) || !using.every((item) => typeof item === 'string')) {
    throw new RequestProblem(problem('notRequest'), 'using must be a list of strings');
  }
  if (!Array.isArray(methodCalls) || !methodCalls.every(isInvocation)) {
    throw new RequestProblem(problem('notRequest'), 'methodCalls must be a list of Invocations');
  }
  if (methodCalls.length > maxCalls) {
    throw new RequestProblem(problem('limit'), `at most ${maxCalls} method calls`, {
      limit: 'maxCallsInRequest',
    });
  }
  const known = new Set<string>(Object.values(capabilities));
  const unknown = using.filter((capability) => !known.has(capability));
  if (unknown.length > 0) {
    throw new RequestProblem(problem('unknownCapability'), `unknown capability ${unknown.join(', ')}`);
  }
  const ids = createdIds !== null && typeof createdIds === 'object' ? (createdIds as JsonObject) : null;
  return { using: using, calls: methodCalls, createdIds: ids };
}

function isInvocation(value: unknown): value is Invocation {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    value[1] !== null &&
    typeof value[1] === 'object' &&
    !Array.isArray(value[1]) &&
    typeof value[2] === 'string'
  );
}

/** Runs the method calls in order; returns the Response object. */
export async function runRequest(
  request: ParsedRequest,
  context: Omit<MethodContext, 'createdIds'>,
  sessionState: string,
): Promise<JsonObject> {
  const createdIds = new Map<string, string>();
  for (const [key, value] of Object.entries(request.createdIds ?? {})) {
    if (typeof value === 'string') createdIds.set(key, value);
  }
  const methodContext: MethodContext = { ...context, createdIds };
  const responses: Invocation[] = [];
  for (const [name, args, callId] of request.calls) {
    const produced = await runCall(name, args, callId, request.using, methodContext, responses);
    responses.push(...produced);
  }
  const response: JsonObject = { methodResponses: responses, sessionState };
  if (request.createdIds) response['createdIds'] = Object.fromEntries(createdIds);
  return response;
}

async function runCall(
  name: string,
  args: JsonObject,
  callId: string,
  using: readonly string[],
  context: MethodContext,
  responses: readonly Invocation[],
): Promise<Invocation[]> {
  const spec = methodRegistry.get(name);
  if (!spec) return [['error', { type: 'unknownMethod' }, callId]];
  if (!using.includes(spec.capability)) {
    return [['error', { type: 'unknownMethod', description: `${spec.capability} not in using` }, callId]];
  }
  try {
    const resolved = resolveReferences(args, responses);
    const result = await spec.run(resolved, context);
    const extra = result['#followUp'] as Invocation[] | undefined;
    delete result['#followUp'];
    const answer: Invocation[] = [[name, result, callId]];
    for (const [followName, followArgs] of extra ?? []) answer.push([followName, followArgs, callId]);
    return answer;
  } catch (error) {
    return [['error', errorBody(error, context), callId]];
  }
}

function errorBody(error: unknown, context: MethodContext): JsonObject {
  if (error instanceof MethodError) {
    return {
      type: error.type,
      ...(error.message === error.type ? {} : { description: error.message }),
      ...error.extra,
    };
  }
  if (isChasquiError(error)) {
    const type =
      error.code === 'QUOTA_EXCEEDED' ? 'overQuota' : error.code === 'FORBIDDEN' ? 'forbidden' : 'serverFail';
    return { type, description: error.message };
  }
  context.services.logger.error({ err: error }, 'jmap.method_failed');
  return { type: 'serverFail', description: 'internal error' };
}
