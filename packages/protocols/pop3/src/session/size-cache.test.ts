import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageSizeCache } from './size-cache.js';

describe('MessageSizeCache', () => {
  it('keeps sizes and drops the oldest past its bound', () => {
    const cache = new MessageSizeCache(2);
    cache.set(1, 100);
    cache.set(2, 200);
    cache.set(1, 999);
    assert.equal(cache.get(1), 100, 'a message never changes: the first size stays');
    cache.set(3, 300);
    assert.equal(cache.get(1), undefined);
    assert.equal(cache.get(2), 200);
    assert.equal(cache.get(3), 300);
  });
});
