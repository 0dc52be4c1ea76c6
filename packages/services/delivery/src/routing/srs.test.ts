import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SrsRewriter } from './srs.js';

describe('SRS', () => {
  const srs = new SrsRewriter('secreto', 'gob.test');
  const now = Date.UTC(2026, 10, 25);

  it('rewrites a forwarded sender into our domain and back', () => {
    const rewritten = srs.forward('Ana.Perez@far.test', now);
    assert.match(rewritten, /^SRS0=[a-z2-7]{4}=[a-z2-7]{2}=far\.test=Ana\.Perez@gob\.test$/);
    assert.equal(srs.reverse(rewritten, now + 3 * 86_400_000), 'Ana.Perez@far.test');
    assert.equal(
      srs.reverse(rewritten.toUpperCase().replace('@GOB.TEST', '@gob.test'), now),
      'ANA.PEREZ@FAR.TEST',
    );
  });

  it('refuses forged, foreign and expired addresses', () => {
    const rewritten = srs.forward('ana@far.test', now);
    assert.equal(srs.reverse(rewritten.replace(/^SRS0=..../, 'SRS0=aaaa'), now), null);
    assert.equal(new SrsRewriter('otro', 'gob.test').reverse(rewritten, now), null);
    assert.equal(srs.reverse(rewritten.replace('@gob.test', '@x.test'), now), null);
    assert.equal(srs.reverse(rewritten, now + 30 * 86_400_000), null);
  });

  it('leaves the null sender and already-rewritten addresses alone', () => {
    assert.equal(srs.forward('', now), '');
    const once = srs.forward('ana@far.test', now);
    assert.equal(srs.forward(once, now), once);
  });
});
