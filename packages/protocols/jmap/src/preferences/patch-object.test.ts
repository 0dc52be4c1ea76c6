// RFC 8620 §5.3 PatchObject rules, including the hostile ones (prototype pollution).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SetFailure } from '../api/set-support.js';
import { applyPatch } from './patch-object.js';

const invalidPatch = (error: unknown) => error instanceof SetFailure && error.type === 'invalidPatch';

describe('PatchObject', () => {
  it('sets and removes members by pointer, unescaping ~1 and ~0, without touching the input', () => {
    const object = { id: 'singleton', tagColors: { a: '#000000' } };
    const patched = applyPatch(object, { 'tagColors/a': null, 'tagColors/x~1y~0z': '#111111', other: [1] });
    assert.deepEqual(patched, { id: 'singleton', tagColors: { 'x/y~z': '#111111' }, other: [1] });
    assert.deepEqual(object, { id: 'singleton', tagColors: { a: '#000000' } });
  });

  it('refuses pointers into arrays, through missing members, overlapping or empty', () => {
    const object = { list: [{ a: 1 }], map: {} };
    assert.throws(() => applyPatch(object, { 'list/0': {} }), invalidPatch);
    assert.throws(() => applyPatch(object, { 'missing/x': 1 }), invalidPatch);
    assert.throws(() => applyPatch(object, { map: {}, 'map/x': 1 }), invalidPatch);
    assert.throws(() => applyPatch(object, { '': 1 }), invalidPatch);
    assert.throws(() => applyPatch(object, { 'map//x': 1 }), invalidPatch);
  });

  it('prototype-pollution: "__proto__" paths stay own properties and never reach Object.prototype', () => {
    assert.throws(() => applyPatch({ map: {} }, { '__proto__/polluted': true }), invalidPatch);
    const patched = applyPatch({ map: {} }, { 'map/__proto__': { polluted: true } });
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.ok(Object.hasOwn(patched['map'] as object, '__proto__'));
  });
});
