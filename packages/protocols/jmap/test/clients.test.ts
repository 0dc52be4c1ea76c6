// Real clients over a listening server: the jmap-jam library end to end, EventSource push
// (RFC 8620 §7.3) and JMAP over WebSocket (RFC 8887) with the `ws` client.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startJmap, type JmapHarness } from './harness.js';

// jmap-jam is loaded untyped: its declarations pull TypeScript sources (jmap-rfc-types) that do
// not compile under this project's settings. The few calls used are typed here.
interface JamObject {
  id: string;
  role?: string | null;
  name?: string;
  email?: string;
  subject?: string;
  mailboxIds?: Record<string, boolean>;
  keywords?: Record<string, boolean>;
}
type JamResult = Record<string, unknown> & {
  list: JamObject[];
  ids: string[];
  total?: number;
  created?: Record<string, { id: string; undoStatus?: string }> | null;
  updated?: Record<string, unknown> | null;
};
type JamMethod = (args: Record<string, unknown>) => Promise<[JamResult, unknown]>;
interface Jam {
  getPrimaryAccount(): Promise<string>;
  api: {
    Mailbox: { get: JamMethod };
    Email: { query: JamMethod; get: JamMethod; set: JamMethod };
    Identity: { get: JamMethod };
    EmailSubmission: { set: JamMethod };
  };
}
const jamModule = 'jmap-jam';
const { default: JamClient } = (await import(jamModule)) as {
  default: new (options: { sessionUrl: string; bearerToken: string }) => Jam;
};

const sample = (subject: string) =>
  `From: Bob <bob@example.test>\nTo: ana@example.test\nSubject: ${subject}\nMessage-ID: <${subject.replace(/\W/g, '')}@example.test>\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n\nHola Ana.\n`;

describe('JMAP with real clients', () => {
  let h: JmapHarness;
  before(async () => {
    h = await startJmap({ listen: true });
    await h.deliver(sample('Informe mensual'));
  });
  after(async () => h.stop());

  it('jmap-jam: session → Mailbox/get → Email/query → Email/get → Email/set → EmailSubmission/set', async () => {
    const { accessToken } = await h.login();
    const jam = new JamClient({ sessionUrl: `${h.url}/.well-known/jmap`, bearerToken: accessToken });
    const accountId = await jam.getPrimaryAccount();
    assert.equal(accountId, h.accountId);
    const [mailboxes] = await jam.api.Mailbox.get({ accountId, ids: null });
    const byRole: Record<string, string> = {};
    for (const mailbox of mailboxes.list) byRole[mailbox.role ?? mailbox.name ?? ''] = mailbox.id;
    const inbox = byRole['inbox'] ?? '';
    const [query] = await jam.api.Email.query({
      accountId,
      filter: { inMailbox: inbox },
      sort: [{ property: 'receivedAt', isAscending: false }],
      calculateTotal: true,
    });
    assert.equal(query.total, 1);
    const [emails] = await jam.api.Email.get({
      accountId,
      ids: query.ids,
      properties: ['subject', 'from', 'keywords'],
    });
    assert.equal(emails.list[0]?.subject, 'Informe mensual');
    const [draft] = await jam.api.Email.set({
      accountId,
      update: { [query.ids[0] ?? '']: { 'keywords/$seen': true } },
      create: {
        d1: {
          mailboxIds: { [byRole['drafts'] ?? '']: true },
          keywords: { $draft: true },
          from: [{ name: 'Ana', email: 'ana@example.test' }],
          to: [{ name: 'Bob', email: 'bob@example.test' }],
          subject: 'Re: Informe mensual',
          textBody: [{ partId: 't', type: 'text/plain' }],
          bodyValues: { t: { value: 'Recibido, gracias.', isTruncated: false, isEncodingProblem: false } },
        },
      },
    });
    const draftId = draft.created?.['d1']?.id ?? '';
    assert.ok(draftId, JSON.stringify(draft));
    assert.deepEqual(Object.keys(draft.updated ?? {}), query.ids);
    const [identities] = await jam.api.Identity.get({ accountId, ids: null });
    const identity = identities.list.find((i) => i.email === 'ana@example.test');
    assert.ok(identity);
    const [submission] = await jam.api.EmailSubmission.set({
      accountId,
      create: { s1: { identityId: identity.id, emailId: draftId } },
      onSuccessUpdateEmail: {
        '#s1': {
          [`mailboxIds/${byRole['drafts'] ?? ''}`]: null,
          [`mailboxIds/${byRole['sent'] ?? ''}`]: true,
          'keywords/$draft': null,
        },
      },
    });
    assert.equal(submission.created?.['s1']?.undoStatus, 'final');
    assert.equal(await h.bobInbox(), 1);
    const [sent] = await jam.api.Email.get({
      accountId,
      ids: [draftId],
      properties: ['mailboxIds', 'keywords'],
    });
    assert.deepEqual(sent.list[0]?.mailboxIds, { [byRole['sent'] ?? '']: true });
    assert.deepEqual(sent.list[0]?.keywords, {});
  });

  it('EventSource: a StateChange arrives within one second of a delivery', async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/jmap/eventsource?types=*&closeafter=no&ping=0`, {
      headers: { authorization: h.auth, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body?.getReader();
    assert.ok(reader);
    const decoder = new TextDecoder();
    const first = await reader.read();
    assert.match(decoder.decode(first.value as Uint8Array), /^: jmap/);
    const started = performance.now();
    await h.deliver(sample('Aviso urgente'));
    let text = '';
    while (!text.includes('\n\n') || !text.includes('event: state')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value as Uint8Array);
    }
    const elapsed = performance.now() - started;
    controller.abort();
    assert.ok(elapsed < 1000, `push took ${elapsed} ms`);
    const data = /data: (.*)/.exec(text)?.[1] ?? '{}';
    const change = JSON.parse(data) as { '@type': string; changed: Record<string, Record<string, string>> };
    assert.equal(change['@type'], 'StateChange');
    assert.ok(change.changed[h.accountId]?.['Email']);
  });

  it('WebSocket: Request/Response with id, push state catch-up and pushed changes', async () => {
    const ws = new WebSocket(`${h.url.replace(/^http/, 'ws')}/jmap/ws`, 'jmap', {
      headers: { authorization: h.auth },
    });
    const inbox: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data: Buffer) => {
      inbox.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      for (const wake of waiters.splice(0)) wake();
    });
    const next = async (): Promise<Record<string, unknown>> => {
      while (inbox.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return inbox.shift() ?? {};
    };
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    assert.equal(ws.protocol, 'jmap');
    ws.send(
      JSON.stringify({
        '@type': 'Request',
        id: 'r1',
        using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
        methodCalls: [['Mailbox/query', { accountId: h.accountId, filter: { role: 'inbox' } }, 'q']],
      }),
    );
    const response = await next();
    assert.equal(response['@type'], 'Response');
    assert.equal(response['requestId'], 'r1');
    const calls = response['methodResponses'] as [string, { ids: string[] }, string][];
    assert.equal(calls[0]?.[1].ids.length, 1);
    // An old pushState gets the current states at once; no other answer to the enable.
    ws.send(JSON.stringify({ '@type': 'WebSocketPushEnable', dataTypes: null, pushState: '0' }));
    const catchUp = await next();
    assert.equal(catchUp['@type'], 'StateChange');
    assert.notEqual(catchUp['pushState'], '0');
    ws.send(JSON.stringify({ '@type': 'WebSocketPushEnable', dataTypes: ['Email'] }));
    // The enable has no answer: a request after it tells when it has been handled.
    ws.send(JSON.stringify({ using: ['urn:ietf:params:jmap:core'], methodCalls: [['Core/echo', {}, 'e']] }));
    assert.equal((await next())['@type'], 'Response');
    await h.deliver(sample('Por WebSocket'));
    const pushed = await next();
    assert.equal(pushed['@type'], 'StateChange');
    const changed = pushed['changed'] as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(changed[h.accountId] ?? {}), ['Email']);
    ws.send('{nope');
    assert.equal((await next())['type'], 'urn:ietf:params:jmap:error:notJSON');
    ws.close();
  });

  it('refuses a WebSocket upgrade without credentials', async () => {
    const ws = new WebSocket(`${h.url.replace(/^http/, 'ws')}/jmap/ws`, 'jmap');
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
      });
      ws.on('error', () => {
        resolve(-1);
      });
    });
    assert.equal(status, 401);
  });
});
