// can(actor, action, target): roles, domain scoping, withheld capabilities, self actions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { can, type Actor } from '@chasqui/directory';

const globalAdmin: Actor = { address: 'root@gob.test', role: 'global-admin' };
const domainAdmin: Actor = { address: 'jefe@sur.test', role: 'domain-admin', domains: ['sur.test'] };
const helpdesk: Actor = { address: 'mesa@sur.test', role: 'helpdesk', domains: ['sur.test'] };
const monitor: Actor = { address: 'vigia@sur.test', role: 'monitor', domains: ['sur.test'] };
const user: Actor = { address: 'ana@sur.test', role: 'user' };

describe('authorization', () => {
  it('lets a global admin do everything but what is withheld', () => {
    assert.equal(can(globalAdmin, 'domain.manage', { domain: 'any.test' }), true);
    assert.equal(can(globalAdmin, 'mail.read', { domain: 'sur.test' }), true);
    assert.equal(
      can({ ...globalAdmin, withheld: ['mail.read'] }, 'mail.read', { domain: 'sur.test' }),
      false,
    );
  });

  it('keeps a domain admin inside their domains and away from mail and domains', () => {
    assert.equal(can(domainAdmin, 'account.manage', { domain: 'sur.test' }), true);
    assert.equal(can(domainAdmin, 'account.manage', { domain: 'norte.test' }), false);
    assert.equal(can(domainAdmin, 'account.manage'), false);
    assert.equal(can(domainAdmin, 'mail.read', { domain: 'sur.test' }), false);
    assert.equal(can(domainAdmin, 'domain.manage', { domain: 'sur.test' }), false);
  });

  it('lets helpdesk reset passwords only, and monitors read the log only', () => {
    assert.equal(can(helpdesk, 'account.password.reset', { domain: 'sur.test' }), true);
    assert.equal(can(helpdesk, 'account.manage', { domain: 'sur.test' }), false);
    assert.equal(can(helpdesk, 'mail.read', { domain: 'sur.test' }), false);
    assert.equal(can(monitor, 'messagelog.read', { domain: 'sur.test' }), true);
    assert.equal(can(monitor, 'messagelog.read', { domain: 'norte.test' }), false);
  });

  it('lets users act on themselves only', () => {
    assert.equal(can(user, 'self.password.change', { address: 'ana@sur.test' }), true);
    assert.equal(can(user, 'self.password.change', { address: 'bob@sur.test' }), false);
    assert.equal(can(user, 'messagelog.read', { domain: 'sur.test' }), false);
  });
});
