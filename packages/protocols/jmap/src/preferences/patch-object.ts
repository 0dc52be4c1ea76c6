// RFC 8620 §5.3 PatchObject: each key a JSON Pointer (RFC 6901) without its leading "/", each
// value the new value at that path, null meaning "remove, back to the default". A pointer may
// not reach inside an array, and no pointer may be a prefix of another.
import { unescapePointerToken } from '../api/result-reference.js';
import { SetFailure } from '../api/set-support.js';
import type { JsonObject } from '../api/types.js';

function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalidPatch(description: string): SetFailure {
  return new SetFailure('invalidPatch', description);
}

function checkNoPrefixes(paths: readonly string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] ?? '';
    if ((sorted[i] ?? '').startsWith(`${previous}/`)) {
      throw invalidPatch(`${previous} and ${sorted[i] ?? ''} overlap`);
    }
  }
}

/** The object with the patch applied (a copy); SetFailure "invalidPatch" when it cannot apply. */
export function applyPatch(object: JsonObject, patch: JsonObject): JsonObject {
  const paths = Object.keys(patch);
  checkNoPrefixes(paths);
  const result = structuredClone(object);
  for (const path of paths) {
    const tokens = path.split('/').map(unescapePointerToken);
    const last = tokens.pop();
    if (last === undefined || last === '' || tokens.some((token) => token === '')) {
      throw invalidPatch(`bad path ${path}`);
    }
    let parent: unknown = result;
    for (const token of tokens) {
      if (!isPlainObject(parent)) throw invalidPatch(`${path} does not point into an object`);
      // Own properties only: "__proto__" must never reach Object.prototype.
      parent = Object.hasOwn(parent, token) ? parent[token] : undefined;
    }
    if (!isPlainObject(parent)) throw invalidPatch(`${path} does not point into an object`);
    const value = patch[path];
    if (value === null) Reflect.deleteProperty(parent, last);
    else {
      const copy: unknown = structuredClone(value);
      Object.defineProperty(parent, last, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result;
}
