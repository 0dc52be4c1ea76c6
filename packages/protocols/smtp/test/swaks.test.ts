// The MX and submission listeners driven by swaks: the SMTP dialogue a real client sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { missingTool } from '@chasqui/testkit';
import { password, startHarness, type Harness } from './harness.js';
import { swaks } from './run-tool.js';

const skip = missingTool('swaks');
/** STARTTLS and AUTH PLAIN as bob. */
const asBob = ['-tls', '--auth', 'PLAIN', '--auth-user', 'bob@example.test', '--auth-password', password];

describe('SMTP with swaks', { skip }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.addUser('ana@example.test');
    await h.addUser('bob@example.test');
  });
  after(() => h.stop());

  it('accepts mail for a local user on the MX, with trace and authentication headers', async () => {
    const out = await swaks(h.ports.mx, [
      '--to',
      'ana@example.test',
      '--from',
      'luis@outside.test',
      '--h-Subject',
      'Hola MX',
    ]);
    assert.match(out, /<- {2}250 2\.\d\.\d Ok: queued as \d+/);
    const [message] = await h.messages('ana@example.test');
    assert.ok(message);
    // Authentication-Results sits above our Received (RFC 8601 §5: added at the top).
    assert.match(
      message,
      /^Received-SPF: none[\s\S]*\r\nReceived: from .*\r\n\tby mx\.example\.test \(Chasqui\) with ESMTP\r\n/,
    );
    assert.match(message, /Authentication-Results: mx\.example\.test;[\s\S]*spf=none/);
    assert.match(message, /Subject: Hola MX/);
  });

  it('answers an unknown user with 550 5.1.1 and a relay attempt with 554 5.7.1', async () => {
    const unknown = await swaks(h.ports.mx, ['--to', 'nadie@example.test', '--from', 'x@outside.test']);
    assert.match(unknown, /<\*\* 550 5\.1\.1 <nadie@example\.test>: no such user here/);
    const relay = await swaks(h.ports.mx, ['--to', 'someone@gmail.test', '--from', 'x@outside.test']);
    assert.match(relay, /<\*\* 554 5\.7\.1 <someone@gmail\.test>: relay access denied/);
  });

  it('refuses mail from outside claiming a local domain without SPF or DKIM', async () => {
    const out = await swaks(h.ports.mx, ['--to', 'ana@example.test', '--from', 'bob@example.test']);
    assert.match(out, /<\*\* 550 5\.7\.1 Mail claiming to be from example\.test/);
  });

  it('pipelines the envelope when the client asks for it', async () => {
    const out = await swaks(h.ports.mx, [
      '--pipeline',
      '--to',
      'ana@example.test,bob@example.test',
      '--from',
      'p@outside.test',
    ]);
    assert.match(out, /PIPELINING/);
    assert.match(out, /<- {2}250 2\.6\.0 Ok/);
  });

  it('submits over STARTTLS with AUTH PLAIN and over implicit TLS with AUTH LOGIN', async () => {
    const starttls = await swaks(h.ports.submission, [
      ...asBob,
      '--to',
      'ana@example.test',
      '--from',
      'bob@example.test',
      '--h-From',
      'Bob <bob@example.test>',
    ]);
    assert.match(starttls, /<~ {2}235 2\.7\.0/);
    assert.match(starttls, /<~ {2}250 2\.6\.0 Ok/);
    const implicit = await swaks(h.ports.submissions, [
      '--tls-on-connect',
      '--auth',
      'LOGIN',
      '--auth-user',
      'bob@example.test',
      '--auth-password',
      password,
      '--to',
      'ana@example.test',
      '--from',
      'bob@example.test',
      '--h-From',
      'bob@example.test',
    ]);
    assert.match(implicit, /<~ {2}250 2\.6\.0 Ok/);
  });

  it('refuses a wrong password, AUTH before TLS, and mail without AUTH on submission', async () => {
    const wrong = await swaks(h.ports.submission, [
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'bob@example.test',
      '--auth-password',
      'nope',
      '--to',
      'ana@example.test',
      '--from',
      'bob@example.test',
    ]);
    assert.match(wrong, /<~\* 535 5\.7\.8/);
    const plain = await swaks(h.ports.submission, [
      '--auth',
      'PLAIN',
      '--auth-user',
      'bob@example.test',
      '--auth-password',
      password,
      '--to',
      'ana@example.test',
      '--from',
      'bob@example.test',
    ]);
    assert.match(plain, /Host did not advertise authentication|538|530/);
    const anonymous = await swaks(h.ports.submission, [
      '-tls',
      '--to',
      'ana@example.test',
      '--from',
      'bob@example.test',
    ]);
    assert.match(anonymous, /<~\* 530 5\.7\.0/);
  });

  it('lets a user send only as an address of their own (MAIL FROM and From:)', async () => {
    const base = [...asBob, '--to', 'ana@example.test'];
    const envelope = await swaks(h.ports.submission, [...base, '--from', 'ana@example.test']);
    assert.match(envelope, /<~\* 553 5\.7\.1 <ana@example\.test> is not an address of bob@example\.test/);
    const header = await swaks(h.ports.submission, [
      ...base,
      '--from',
      'bob@example.test',
      '--h-From',
      'Ana <ana@example.test>',
    ]);
    assert.match(header, /<~\* 550 5\.7\.1 From: ana@example\.test is not an address of bob@example\.test/);
  });

  it('relays for an authenticated user and signs with the domain key', async () => {
    h.delivery.signer.invalidate();
    const out = await swaks(h.ports.submission, [
      ...asBob,
      '--to',
      'someone@far.test',
      '--from',
      'bob@example.test',
      '--h-From',
      'bob@example.test',
    ]);
    assert.match(out, /<~ {2}250 2\.6\.0 Ok/);
    const queued = await h.store.outboundQueue.list();
    assert.ok(queued.some((entry) => entry.recipients.some((r) => r.address === 'someone@far.test')));
  });

  it('applies class-of-service limits: recipients and size for senders, size for receivers', async () => {
    await h.directory.classes.add('restringido', { maxRecipients: 2, maxMessageBytes: 4000 });
    await h.addUser('practicante@example.test');
    await h.directory.classes.assign('practicante@example.test', 'restringido');
    await h.directory.classes.assign('ana@example.test', 'restringido');
    const auth = [
      '-tls',
      '--auth',
      'PLAIN',
      '--auth-user',
      'practicante@example.test',
      '--auth-password',
      password,
    ];
    const many = await swaks(h.ports.submission, [
      ...auth,
      '--from',
      'practicante@example.test',
      '--to',
      'ana@example.test,bob@example.test,x@far.test',
    ]);
    assert.match(many, /<~\* 452 4\.5\.3 At most 2 recipients per message/);
    const big = await swaks(h.ports.submission, [
      ...auth,
      '--from',
      'practicante@example.test',
      '--h-From',
      'practicante@example.test',
      '--to',
      'bob@example.test',
      '--body',
      'x'.repeat(6000),
    ]);
    assert.match(big, /<~\* 552 5\.3\.4 Messages are limited to 4000 bytes/);
    const inbound = await swaks(h.ports.mx, [
      '--from',
      'y@outside.test',
      '--to',
      'ana@example.test',
      '--body',
      'x'.repeat(6000),
      '--pipeline',
    ]);
    assert.match(inbound, /552 5\.3\.4 <ana@example\.test> accepts messages up to 4000 bytes/);
    await h.directory.classes.assign('ana@example.test', null);
  });
});
