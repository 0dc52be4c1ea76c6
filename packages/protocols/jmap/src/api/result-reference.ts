// RFC 8620 §3.7 result references: "#name" arguments taken from an earlier response by a JSON
// Pointer (RFC 6901) extended with "*" to map over arrays and flatten.
import { MethodError, type JsonObject } from './types.js';

type Invocation = [string, JsonObject, string];

/** One reference token of a JSON Pointer, unescaped (RFC 6901 §4: "~1" is "/", "~0" is "~"). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Evaluates a JMAP pointer; throws invalidResultReference when a step does not exist. */
export function evaluatePointer(value: unknown, path: string): unknown {
  if (path === '') return value;
  if (!path.startsWith('/')) throw new MethodError('invalidResultReference', `bad path ${path}`);
  return walk(value, path.slice(1).split('/').map(unescapePointerToken));
}

function walk(value: unknown, tokens: readonly string[]): unknown {
  const [token, ...rest] = tokens;
  if (token === undefined) return value;
  if (Array.isArray(value)) {
    if (token === '*') {
      const mapped = value.map((item) => walk(item, rest));
      return mapped.flatMap((item) => (Array.isArray(item) ? (item as unknown[]) : [item]));
    }
    const index = /^\d+$/.test(token) ? Number(token) : -1;
    if (index < 0 || index >= value.length)
      throw new MethodError('invalidResultReference', `no index ${token}`);
    return walk(value[index], rest);
  }
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, token)) {
    return walk((value as JsonObject)[token], rest);
  }
  throw new MethodError('invalidResultReference', `no member ${token}`);
}

/** Replaces every "#name" argument by the referenced value (RFC 8620 §3.7). */
export function resolveReferences(args: JsonObject, responses: readonly Invocation[]): JsonObject {
  const resolved: JsonObject = {};
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('#')) {
      resolved[key] = value;
      continue;
    }
    const name = key.slice(1);
    if (Object.hasOwn(args, name)) throw new MethodError('invalidArguments', `both ${name} and ${key} given`);
    const reference = value as { resultOf?: unknown; name?: unknown; path?: unknown } | null;
    if (
      reference === null ||
      typeof reference.resultOf !== 'string' ||
      typeof reference.name !== 'string' ||
      typeof reference.path !== 'string'
    ) {
      throw new MethodError('invalidResultReference', `${key} is not a ResultReference`);
    }
    const source = responses.find(
      ([method, , callId]) => callId === reference.resultOf && method === reference.name,
    );
    if (!source) {
      throw new MethodError(
        'invalidResultReference',
        `no ${reference.name} response for ${reference.resultOf}`,
      );
    }
    resolved[name] = evaluatePointer(source[1], reference.path);
  }
  return resolved;
}
