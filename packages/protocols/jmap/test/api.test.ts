// RFC 8620 core behaviour and RFC 8621 mail methods through Fastify inject().
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJmap, type JmapHarness } from './harness.js';

const sample =
  'From: Bob <bob@example.test>\nTo: ana@example.test\nSubject: Información del proyecto\nMessage-ID: <p1@example.test>\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n\nHola Ana, adjunto la información.\n';

describe('JMAP API', () => {
  let h: JmapHarness;
  before(async () => {
    h = await startJmap();
    await h.deliver(sample);
  });
  after(async () => h.stop());

  it('serves the session resource and rejects missing credentials with a Basic challenge', async () => {
    const denied = await h.app.inject({ method: 'GET', url: '/jmap/session' });
    assert.equal(denied.statusCode, 401);
    assert.match(String(denied.headers['www-authenticate']), /Basic realm="Chasqui"/);
    const session = await h.app.inject({
      method: 'GET',
      url: '/jmap/session',
      headers: { authorization: h.auth },
    });
    const body = session.json<{
      primaryAccounts: Record<string, string>;
      capabilities: Record<string, { maxObjectsInGet?: number }>;
    }>();
    assert.equal(body.primaryAccounts['urn:ietf:params:jmap:mail'], h.accountId);
    assert.ok((body.capabilities['urn:ietf:params:jmap:core']?.maxObjectsInGet ?? 0) > 0);
    const wellKnown = await h.app.inject({ method: 'GET', url: '/.well-known/jmap' });
    assert.equal(wellKnown.headers.location, '/jmap/session');
  });

  it('RFC 8620 §3.6.1 unknownCapability, notRequest and notJSON', async () => {
    const post = (payload: string) =>
      h.app.inject({
        method: 'POST',
        url: '/jmap/api',
        headers: { authorization: h.auth, 'content-type': 'application/json' },
        payload,
      });
    assert.equal(
      (await post(JSON.stringify({ using: ['urn:x'], methodCalls: [] }))).json<{ type: string }>().type,
      'urn:ietf:params:jmap:error:unknownCapability',
    );
    assert.equal(
      (await post(JSON.stringify({ using: [] }))).json<{ type: string }>().type,
      'urn:ietf:params:jmap:error:notRequest',
    );
    const broken = await post('{"using": [');
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(broken.json<{ type: string }>().type, 'urn:ietf:params:jmap:error:notJSON');
  });

  it('unknownMethod, accountNotFound and a result reference', async () => {
    const { methodResponses } = await h.api([
      ['Nope/get', {}, 'a'],
      ['Mailbox/get', { accountId: 'A999' }, 'b'],
      ['Mailbox/query', { accountId: h.accountId, filter: { role: 'inbox' } }, 'c'],
      [
        'Mailbox/get',
        { accountId: h.accountId, '#ids': { resultOf: 'c', name: 'Mailbox/query', path: '/ids' } },
        'd',
      ],
      [
        'Mailbox/get',
        { accountId: h.accountId, '#ids': { resultOf: 'zz', name: 'Mailbox/query', path: '/ids' } },
        'e',
      ],
    ]);
    assert.equal(methodResponses[0]?.[1].type, 'unknownMethod');
    assert.equal(methodResponses[1]?.[1].type, 'accountNotFound');
    const list = methodResponses[3]?.[1].list as { role: string; totalEmails: number }[];
    assert.equal(list[0]?.role, 'inbox');
    assert.equal(list[0]?.totalEmails, 1);
    assert.equal(methodResponses[4]?.[1].type, 'invalidResultReference');
  });

  it('Email/query → Email/get with bodyValues, text search and snippets', async () => {
    const { methodResponses } = await h.api([
      ['Email/query', { accountId: h.accountId, filter: { text: 'informacion' }, calculateTotal: true }, 'q'],
      [
        'Email/get',
        {
          accountId: h.accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'from', 'textBody', 'bodyValues', 'keywords', 'header:Subject:asText'],
          fetchTextBodyValues: true,
        },
        'g',
      ],
      [
        'SearchSnippet/get',
        {
          accountId: h.accountId,
          filter: { text: 'informacion' },
          '#emailIds': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        },
        's',
      ],
    ]);
    assert.equal(methodResponses[0]?.[1].total, 1);
    const email = (methodResponses[1]?.[1].list as Record<string, unknown>[])[0]!;
    assert.equal(email['subject'], 'Información del proyecto');
    assert.deepEqual(email['from'], [{ name: 'Bob', email: 'bob@example.test' }]);
    const textBody = email['textBody'] as { partId: string }[];
    const values = email['bodyValues'] as Record<string, { value: string }>;
    assert.match(values[textBody[0]!.partId]!.value, /Hola Ana/);
    const snippet = (methodResponses[2]?.[1].list as { subject: string }[])[0]!;
    assert.match(snippet.subject, /<mark>Información<\/mark>/);
  });

  it('Email/set keywords with ifInState mismatch, then /changes', async () => {
    const first = await h.api([
      ['Email/query', { accountId: h.accountId }, 'q'],
      ['Email/get', { accountId: h.accountId, ids: [], properties: ['id'] }, 'g'],
    ]);
    const id = (first.methodResponses[0]?.[1].ids as string[])[0]!;
    const state = first.methodResponses[1]?.[1].state as string;
    const mismatch = await h.api([
      [
        'Email/set',
        { accountId: h.accountId, ifInState: '999999', update: { [id]: { 'keywords/$seen': true } } },
        's',
      ],
    ]);
    assert.equal(mismatch.methodResponses[0]?.[1].type, 'stateMismatch');
    const set = await h.api([
      [
        'Email/set',
        {
          accountId: h.accountId,
          ifInState: state,
          update: { [id]: { 'keywords/$seen': true, 'keywords/$flagged': true } },
        },
        's',
      ],
      ['Email/changes', { accountId: h.accountId, sinceState: state }, 'c'],
      ['Email/get', { accountId: h.accountId, ids: [id], properties: ['keywords'] }, 'g'],
    ]);
    assert.deepEqual(set.methodResponses[0]?.[1].updated, { [id]: null });
    assert.deepEqual(set.methodResponses[1]?.[1].updated, [id]);
    assert.deepEqual((set.methodResponses[2]?.[1].list as { keywords: unknown }[])[0]?.keywords, {
      $seen: true,
      $flagged: true,
    });
  });

  it('Mailbox/set create, rename, destroy; mailboxHasEmail without onDestroyRemoveEmails', async () => {
    const created = await h.api([
      ['Mailbox/set', { accountId: h.accountId, create: { k1: { name: 'Proyectos', parentId: null } } }, 'm'],
    ]);
    const id = (created.methodResponses[0]?.[1].created as Record<string, { id: string }>)['k1']!.id;
    const renamed = await h.api([
      ['Mailbox/set', { accountId: h.accountId, update: { [id]: { name: 'Proyectos 2026' } } }, 'm'],
      ['Mailbox/get', { accountId: h.accountId, ids: [id] }, 'g'],
    ]);
    assert.equal((renamed.methodResponses[1]?.[1].list as { name: string }[])[0]?.name, 'Proyectos 2026');
    const destroyed = await h.api([['Mailbox/set', { accountId: h.accountId, destroy: [id] }, 'm']]);
    assert.deepEqual(destroyed.methodResponses[0]?.[1].destroyed, [id]);
  });

  it('Email/set create a draft, then EmailSubmission/set sends it and moves it to Sent', async () => {
    const boxes = await h.api([
      ['Mailbox/query', { accountId: h.accountId, filter: { hasAnyRole: true } }, 'q'],
      [
        'Mailbox/get',
        {
          accountId: h.accountId,
          '#ids': { resultOf: 'q', name: 'Mailbox/query', path: '/ids' },
          properties: ['role'],
        },
        'g',
      ],
      ['Identity/get', { accountId: h.accountId }, 'i'],
    ]);
    const roles = Object.fromEntries(
      (boxes.methodResponses[1]?.[1].list as { id: string; role: string }[]).map((m) => [m.role, m.id]),
    );
    const identity = (boxes.methodResponses[2]?.[1].list as { id: string; email: string }[])[0]!;
    assert.equal(identity.email, 'ana@example.test');
    const { methodResponses } = await h.api([
      [
        'Email/set',
        {
          accountId: h.accountId,
          create: {
            d1: {
              mailboxIds: { [roles['drafts']!]: true },
              keywords: { $draft: true },
              from: [{ email: 'ana@example.test' }],
              to: [{ email: 'bob@example.test' }],
              subject: 'Saludos',
              textBody: [{ partId: 't', type: 'text/plain' }],
              bodyValues: { t: { value: 'Hola Bob' } },
            },
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        {
          accountId: h.accountId,
          create: { s1: { identityId: identity.id, emailId: '#d1' } },
          onSuccessUpdateEmail: {
            '#s1': {
              [`mailboxIds/${roles['drafts']}`]: null,
              [`mailboxIds/${roles['sent']}`]: true,
              'keywords/$draft': null,
            },
          },
        },
        's',
      ],
    ]);
    assert.ok(
      (methodResponses[0]?.[1].created as Record<string, unknown>)['d1'],
      JSON.stringify(methodResponses[0]),
    );
    assert.ok(
      (methodResponses[1]?.[1].created as Record<string, unknown> | null)?.['s1'],
      JSON.stringify(methodResponses[1]),
    );
    assert.equal(methodResponses[2]?.[0], 'Email/set');
    const bob = await h.store.accounts.getByAddress('bob@example.test');
    const inbox = await h.mail.mailboxes.get(bob!.id, 'INBOX');
    assert.ok(inbox && (await h.mail.messages.list(bob!.id, inbox.id)).length === 1);
  });

  it('tells the webmail that the credentials were wrong, without a Basic challenge', async () => {
    const attempt = (password: string) =>
      h.app.inject({
        method: 'POST',
        url: '/jmap/auth',
        headers: { 'content-type': 'application/json' },
        payload: { username: 'ana@example.test', password },
      });
    const wrong = await attempt('no-es-la-clave');
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ type: string }>().type, 'invalidCredentials');
    // A login form, not a Basic challenge: the browser must not open its own dialog.
    assert.equal(wrong.headers['www-authenticate'], undefined);
  });
});
