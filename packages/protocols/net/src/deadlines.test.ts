import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { unwatchDeadline, watchDeadline } from './deadlines.js';

function expirable(inMs: number) {
  return {
    deadline: Date.now() + inMs,
    expired: 0,
    expire() {
      this.expired++;
    },
  };
}

describe('shared inactivity deadlines', () => {
  it('expires an item once its deadline passed, once', async () => {
    const item = expirable(100);
    watchDeadline(item, 100);
    await sleep(50);
    assert.equal(item.expired, 0);
    await sleep(200);
    assert.equal(item.expired, 1);
    await sleep(100);
    assert.equal(item.expired, 1);
  });

  it('sees a deadline moved on, and forgets an unwatched item', async () => {
    const moved = expirable(100);
    const gone = expirable(100);
    watchDeadline(moved, 100);
    watchDeadline(gone, 100);
    unwatchDeadline(gone, 100);
    moved.deadline = Date.now() + 400;
    await sleep(250);
    assert.equal(moved.expired, 0);
    assert.equal(gone.expired, 0);
    await sleep(300);
    assert.equal(moved.expired, 1);
  });
});
