// Scheduled sends (sendAt), cancel, restart survival; identities and vacation in the store;
// quota and forbidden cases; limits, logout, mailboxIds gaining a mailbox, Email/copy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDraft, identityId, roles, startJmap, type JmapHarness } from './harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

const utc = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('JMAP persistence and scheduled sends', () => {
  let h: JmapHarness;
  before(async () => {
    h = await startJmap({ limits: { maxConcurrentRequests: 1 } });
  });
  after(async () => h.stop());

  const submit = async (emailId: string, sendAt: number) => {
    const { methodResponses } = await h.api([
      [
        'EmailSubmission/set',
        {
          accountId: h.accountId,
          create: { s: { identityId: await identityId(h), emailId, sendAt: utc(sendAt) } },
        },
        's',
      ],
    ]);
    const created = methodResponses[0]?.[1]['created'] as Record<string, { id: string; undoStatus: string }>;
    assert.ok(created['s'], JSON.stringify(methodResponses));
    return created['s'];
  };

  it('sends a submission at its sendAt, never a cancelled one', async () => {
    const bobBefore = await h.bobInbox();
    const sendAt = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    const scheduled = await submit(await createDraft(h, 'Programado'), sendAt);
    assert.equal(scheduled.undoStatus, 'pending');
    const cancelled = await submit(await createDraft(h, 'Cancelado'), sendAt);
    const { methodResponses } = await h.api([
      [
        'EmailSubmission/set',
        { accountId: h.accountId, update: { [cancelled.id]: { undoStatus: 'canceled' } } },
        'u',
      ],
    ]);
    assert.deepEqual(methodResponses[0]?.[1]['updated'], { [cancelled.id]: null });
    await sleep(Math.max(0, sendAt - Date.now() - 300));
    assert.equal(await h.bobInbox(), bobBefore, 'sent before its time');
    assert.ok(
      await waitFor(async () => (await h.bobInbox()) === bobBefore + 1, 1500),
      'not sent at its time',
    );
    await sleep(500);
    assert.equal(await h.bobInbox(), bobBefore + 1);
    const got = await h.api([
      ['EmailSubmission/get', { accountId: h.accountId, ids: [scheduled.id, cancelled.id] }, 'g'],
    ]);
    const list = got.methodResponses[0]?.[1]['list'] as { id: string; undoStatus: string }[];
    assert.deepEqual(
      list.map((s) => s.undoStatus),
      ['final', 'canceled'],
    );
    const again = await h.api([
      [
        'EmailSubmission/set',
        { accountId: h.accountId, update: { [scheduled.id]: { undoStatus: 'canceled' } } },
        'u',
      ],
    ]);
    assert.equal(
      (again.methodResponses[0]?.[1]['notUpdated'] as Record<string, { type: string }>)[scheduled.id]?.type,
      'cannotUnsend',
    );
  });

  it('a pending submission survives a restart and is sent by the new plugin instance', async () => {
    const bobBefore = await h.bobInbox();
    const pending = await submit(await createDraft(h, 'Tras reinicio'), Date.now() + 1200);
    await h.restart();
    assert.equal(await h.bobInbox(), bobBefore);
    assert.ok(
      await waitFor(async () => (await h.bobInbox()) === bobBefore + 1, 3000),
      'not sent after restart',
    );
    const got = await h.api([['EmailSubmission/get', { accountId: h.accountId, ids: [pending.id] }, 'g']]);
    assert.equal((got.methodResponses[0]?.[1]['list'] as { undoStatus: string }[])[0]?.undoStatus, 'final');
  });

  it('identities for aliases and vacation responses persist across restarts', async () => {
    const own = await identityId(h);
    const { methodResponses } = await h.api([
      [
        'Identity/set',
        {
          accountId: h.accountId,
          create: {
            v: {
              email: 'ventas@example.test',
              name: 'Ventas',
              replyTo: [{ name: null, email: 'ventas@example.test' }],
            },
            x: { email: 'bob@example.test' },
          },
          update: { [own]: { textSignature: '-- Ana' } },
        },
        'i',
      ],
      [
        'VacationResponse/set',
        {
          accountId: h.accountId,
          update: { singleton: { isEnabled: true, subject: 'Fuera', fromDate: '2026-08-01T00:00:00Z' } },
        },
        'v',
      ],
    ]);
    const created = methodResponses[0]?.[1]['created'] as Record<string, { id: string }>;
    const notCreated = methodResponses[0]?.[1]['notCreated'] as Record<string, { type: string }>;
    assert.ok(created['v']);
    assert.equal(notCreated['x']?.type, 'forbiddenFrom');
    const state = methodResponses[0]?.[1]['newState'] as string;
    await h.restart();
    const after = await h.api([
      ['Identity/get', { accountId: h.accountId }, 'i'],
      ['VacationResponse/get', { accountId: h.accountId }, 'v'],
      ['Identity/set', { accountId: h.accountId, destroy: [created['v']?.id] }, 'd'],
      ['Identity/changes', { accountId: h.accountId, sinceState: state }, 'c'],
    ]);
    const identities = after.methodResponses[0]?.[1]['list'] as { email: string; textSignature: string }[];
    assert.deepEqual(
      identities.map((i) => [i.email, i.textSignature]),
      [
        ['ana@example.test', '-- Ana'],
        ['ventas@example.test', ''],
      ],
    );
    const vacation = (after.methodResponses[1]?.[1]['list'] as Record<string, unknown>[])[0];
    assert.equal(vacation?.['subject'], 'Fuera');
    assert.equal(vacation?.['fromDate'], '2026-08-01T00:00:00Z');
    assert.deepEqual(after.methodResponses[2]?.[1]['destroyed'], [created['v']?.id]);
    assert.deepEqual(after.methodResponses[3]?.[1]['destroyed'], [created['v']?.id]);
  });

  it('adds an Email to a second mailbox and removes it again', async () => {
    const boxes = await roles(h);
    const id = await createDraft(h, 'Dos carpetas');
    const archive = boxes['archive'] ?? '';
    const { methodResponses } = await h.api([
      ['Email/set', { accountId: h.accountId, update: { [id]: { [`mailboxIds/${archive}`]: true } } }, 's'],
      ['Email/get', { accountId: h.accountId, ids: [id], properties: ['mailboxIds'] }, 'g'],
      [
        'Email/set',
        { accountId: h.accountId, update: { [id]: { [`mailboxIds/${boxes['drafts'] ?? ''}`]: null } } },
        't',
      ],
      ['Email/get', { accountId: h.accountId, ids: [id], properties: ['mailboxIds'] }, 'h'],
    ]);
    assert.deepEqual(methodResponses[0]?.[1]['updated'], { [id]: null });
    assert.deepEqual((methodResponses[1]?.[1]['list'] as { mailboxIds: unknown }[])[0]?.mailboxIds, {
      [boxes['drafts'] ?? '']: true,
      [archive]: true,
    });
    assert.deepEqual((methodResponses[3]?.[1]['list'] as { mailboxIds: unknown }[])[0]?.mailboxIds, {
      [archive]: true,
    });
  });

  it('over quota: Email/import and upload answer overQuota', async () => {
    await h.directory.updateAccount('ana@example.test', { quotaBytes: 1 });
    const raw =
      'From: ana@example.test\r\nTo: bob@example.test\r\nSubject: grande\r\n\r\n' + 'x'.repeat(2000);
    const upload = await h.app.inject({
      method: 'POST',
      url: `/jmap/upload/${h.accountId}`,
      headers: { authorization: h.auth, 'content-type': 'message/rfc822' },
      payload: raw,
    });
    assert.equal(upload.statusCode, 413);
    assert.equal(upload.json<{ type: string }>().type, 'overQuota');
    await h.directory.updateAccount('ana@example.test', { quotaBytes: null });
    const accepted = await h.app.inject({
      method: 'POST',
      url: `/jmap/upload/${h.accountId}`,
      headers: { authorization: h.auth, 'content-type': 'message/rfc822' },
      payload: raw,
    });
    const { blobId } = accepted.json<{ blobId: string }>();
    await h.directory.updateAccount('ana@example.test', { quotaBytes: 1 });
    const boxes = await roles(h);
    const { methodResponses } = await h.api([
      [
        'Email/import',
        { accountId: h.accountId, emails: { i: { blobId, mailboxIds: { [boxes['inbox'] ?? '']: true } } } },
        'i',
      ],
    ]);
    assert.equal(
      (methodResponses[0]?.[1]['notCreated'] as Record<string, { type: string }>)['i']?.type,
      'overQuota',
    );
    await h.directory.updateAccount('ana@example.test', { quotaBytes: null });
  });

  it('forbidden: another account, a foreign sender, Email/copy from nowhere, a foreign blob', async () => {
    const spoofed = await createDraft(h, 'Suplantado', 'bob@example.test');
    const { methodResponses } = await h.api([
      ['Mailbox/get', { accountId: 'A999' }, 'm'],
      [
        'EmailSubmission/set',
        { accountId: h.accountId, create: { s: { identityId: await identityId(h), emailId: spoofed } } },
        's',
      ],
      ['Email/copy', { fromAccountId: 'A999', accountId: h.accountId, create: {} }, 'c'],
    ]);
    assert.equal(methodResponses[0]?.[1]['type'], 'accountNotFound');
    const notCreated = methodResponses[1]?.[1]['notCreated'] as Record<string, { type: string }>;
    assert.match(notCreated['s']?.type ?? '', /^forbidden/);
    assert.equal(methodResponses[2]?.[1]['type'], 'fromAccountNotFound');
    const download = await h.app.inject({
      method: 'GET',
      url: '/jmap/download/A999/abc/x.eml',
      headers: { authorization: h.auth },
    });
    assert.equal(download.statusCode, 404);
  });

  it('enforces maxConcurrentRequests, keeps a stable session state and logs out', async () => {
    const call = () =>
      h.app.inject({
        method: 'POST',
        url: '/jmap/api',
        headers: { authorization: h.auth, 'content-type': 'application/json' },
        payload: {
          using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
          methodCalls: [
            ['Email/query', { accountId: h.accountId }, 'q'],
            ['Mailbox/get', { accountId: h.accountId }, 'm'],
          ],
        },
      });
    // Slow store reads keep the first request in progress while the others arrive.
    const changes = h.store.changes;
    const highest = changes.highestModseq.bind(changes);
    changes.highestModseq = async (accountId: number) => {
      await sleep(50);
      return highest(accountId);
    };
    const answers = await Promise.all([call(), call(), call(), call()]);
    changes.highestModseq = highest;
    const codes = answers.map((a) => a.statusCode);
    assert.ok(codes.includes(200), String(codes));
    const limited = answers.find((a) => a.statusCode === 400);
    assert.ok(limited, String(codes));
    assert.equal(limited.json<{ limit: string }>().limit, 'maxConcurrentRequests');
    const ok = answers.find((a) => a.statusCode === 200)?.json<{ sessionState: string }>();
    const session = await h.app.inject({
      method: 'GET',
      url: '/jmap/session',
      headers: { authorization: h.auth },
    });
    assert.equal(session.json<{ state: string }>().state, ok?.sessionState);
    const { accessToken, csrfToken } = await h.login();
    const cookie = `chasqui_session=${accessToken}`;
    const withCookie = (headers: Record<string, string>) =>
      h.app.inject({ method: 'POST', url: '/jmap/logout', headers: { cookie, ...headers } });
    assert.equal((await withCookie({})).statusCode, 401, 'logout without CSRF');
    const out = await withCookie({ 'x-chasqui-csrf': csrfToken });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    const afterLogout = await h.app.inject({ method: 'GET', url: '/jmap/session', headers: { cookie } });
    assert.equal(afterLogout.statusCode, 401);
  });
});
