// Recipient history on both backends: what one send records (valid addresses once, names kept),
// the per-account bound, and the folding both sources share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '@chasqui/core';
import { seedAccount, testBackends, useBackend } from '@chasqui/testkit';
import { RecipientHistory } from './recipient-history.js';
import { foldQuery, matchQuality, recipientSearchText } from './search-text.js';

describe('recipient search text', () => {
  it('folds accents and case and splits the local part into words', () => {
    assert.equal(
      recipientSearchText('José Pérez-Núñez', 'jose.perez@gob.pe'),
      ' jose perez nunez jose perez',
    );
    assert.equal(recipientSearchText(null, 'mesa_de_partes@gob.pe'), ' mesa de partes');
    assert.equal(foldQuery('  MARÍA   Ñ '), 'maria n');
    const entry = {
      address: 'jose.perez@gob.pe',
      searchText: recipientSearchText('José Pérez', 'jose.perez@gob.pe'),
    };
    assert.equal(matchQuality('jose.p', entry), 'prefix');
    assert.equal(matchQuality('perez', entry), 'word');
    assert.equal(matchQuality('erez', entry), null);
  });
});

for (const backend of testBackends) {
  describe(`recipient history (${backend.name})`, async () => {
    const under = await useBackend(backend);
    const options = { skip: under.skip };
    const history = (keepPerAccount?: number) =>
      new RecipientHistory(
        { store: under.opened.store, clock: under.opened.clock, logger: silentLogger },
        keepPerAccount === undefined ? {} : { keepPerAccount },
      );

    it('counts each valid address once per send and keeps a known name', options, async () => {
      const { account } = await seedAccount(under.opened.store, 'counts@rh.test');
      const recipients = history();
      await recipients.record(account.id, [
        { email: 'Rosa@Externo.PE', name: 'Rosa Quispe' },
        { email: 'rosa@externo.pe' },
        { email: 'not an address' },
        { email: 'luis@externo.pe', name: '  ' },
      ]);
      await recipients.record(account.id, [{ email: 'rosa@externo.pe', name: null }]);
      assert.deepEqual(await recipients.search(account.id, 'rosa', 10), [
        { name: 'Rosa Quispe', email: 'rosa@externo.pe', kind: 'contact', uses: 2 },
      ]);
      assert.deepEqual(await recipients.search(account.id, 'quispe', 10), [
        { name: 'Rosa Quispe', email: 'rosa@externo.pe', kind: 'contact', uses: 2 },
      ]);
      assert.deepEqual(await recipients.search(account.id, 'luis', 10), [
        { name: null, email: 'luis@externo.pe', kind: 'contact', uses: 1 },
      ]);
      assert.deepEqual(await recipients.search(account.id, '%', 10), [], 'LIKE wildcards are literal');
    });

    it('forgets the least recently used beyond the bound', options, async () => {
      const { account } = await seedAccount(under.opened.store, 'bound@rh.test');
      const recipients = history(3);
      for (const name of ['uno', 'dos', 'tres', 'cuatro']) {
        under.opened.clock.advance(1000);
        await recipients.record(account.id, [{ email: `${name}@externo.pe` }]);
      }
      assert.deepEqual(await recipients.search(account.id, 'uno', 10), []);
      for (const name of ['dos', 'tres', 'cuatro']) {
        assert.equal((await recipients.search(account.id, name, 10)).length, 1, name);
      }
    });
  });
}
