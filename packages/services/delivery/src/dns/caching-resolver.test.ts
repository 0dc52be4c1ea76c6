import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachingResolver } from './caching-resolver.js';

function counting(answers: Record<string, string[][]>) {
  const calls: string[] = [];
  const resolve = (name: string, type: string) => {
    calls.push(`${type} ${name}`);
    const answer = answers[name];
    if (answer) return Promise.resolve(answer);
    const code = name.startsWith('timeout') ? 'ETIMEOUT' : 'ENOTFOUND';
    return Promise.reject(Object.assign(new Error(code), { code }));
  };
  return { calls, resolve };
}

describe('caching DNS resolver', () => {
  it('answers repeated and concurrent questions with one query', async () => {
    const { calls, resolve } = counting({ 'banco.test': [['v=spf1 -all']] });
    const cached = cachingResolver({ resolve });
    const answers = await Promise.all([
      cached('banco.test', 'TXT'),
      cached('BANCO.test', 'TXT'),
      cached('banco.test', 'TXT'),
    ]);
    assert.deepEqual(answers[2], [['v=spf1 -all']]);
    await cached('banco.test', 'TXT');
    assert.deepEqual(calls, ['TXT banco.test']);
  });

  it('remembers NXDOMAIN for a while but never a timeout, and expires answers', async () => {
    let time = 0;
    const { calls, resolve } = counting({ 'a.test': [['x']] });
    const cached = cachingResolver({ resolve, now: () => time, ttlMs: 1000, negativeTtlMs: 100 });
    await assert.rejects(cached('nx.test', 'TXT'));
    await assert.rejects(cached('nx.test', 'TXT'));
    await assert.rejects(cached('timeout.test', 'TXT'));
    await assert.rejects(cached('timeout.test', 'TXT'));
    await cached('a.test', 'TXT');
    time = 2000;
    await cached('a.test', 'TXT');
    assert.deepEqual(calls, [
      'TXT nx.test',
      'TXT timeout.test',
      'TXT timeout.test',
      'TXT a.test',
      'TXT a.test',
    ]);
  });
});
