// SSRF address policy: every private, local and special range refused, IPv4 hidden in IPv6
// judged by its IPv4 address, ordinary public addresses allowed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embeddedIpv4, isPublicAddress } from './address-policy.js';

describe('image proxy address policy', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and unspecified IPv4', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.255.254',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '224.0.0.1',
      '239.255.255.250',
      '0.0.0.0',
      '255.255.255.255',
      '192.0.2.10',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  it('refuses loopback, unique-local, link-local, multicast and unspecified IPv6', () => {
    for (const address of ['::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '2001:db8::1']) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  it('judges IPv4-mapped, NAT64 and 6to4 addresses by the IPv4 address inside', () => {
    assert.equal(embeddedIpv4('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(embeddedIpv4('::ffff:7f00:1'), '127.0.0.1');
    assert.equal(embeddedIpv4('64:ff9b::a00:1'), '10.0.0.1');
    assert.equal(embeddedIpv4('2002:c0a8:101::1'), '192.168.1.1');
    for (const address of [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:c0a8:101::1',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
    assert.equal(isPublicAddress('::ffff:8.8.8.8'), true);
  });

  it('allows public unicast addresses and refuses what is not an IP literal', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '100.128.0.1', '2606:4700:4700::1111']) {
      assert.equal(isPublicAddress(address), true, address);
    }
    assert.equal(isPublicAddress('localhost'), false);
    assert.equal(isPublicAddress('0x7f.1'), false);
  });
});
