// A tiny in-memory JMAP stand-in for browser tests that need no real server: enough of
// RFC 8620/8621 to log in, list a mailbox and open messages (the hostile corpus among them),
// plus the Chasqui extensions the webmail uses: Preferences, Recipient/query and the image proxy.
import { hostileCorpus } from '../src/mail/hostile-corpus.ts';

type Answer = { status: number; body: unknown; headers?: Record<string, string>; raw?: Buffer };

/** A 1×1 transparent GIF, what the stub's image proxy answers. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** What the tests inspect: the stored Preferences and every URL the image proxy was asked for. */
export interface StubState {
  loggedIn: boolean;
  preferences: Record<string, unknown>;
  proxied: string[];
  /** Email/set updates received, in order. */
  emailUpdates: Record<string, Record<string, unknown>>[];
  /** When set, Preferences/set answers notUpdated (to test the optimistic revert). */
  failPreferences: boolean;
}

export function newStubState(): StubState {
  return {
    loggedIn: false,
    preferences: { tagColors: {}, signatures: [], defaultSignature: {}, remoteImageSenders: [] },
    proxied: [],
    emailUpdates: [],
    failPreferences: false,
  };
}

/** The GAL of the stub: Recipient/query folds accents as the server does. */
const DIRECTORY = [
  { name: 'José Pérez Ñahui', email: 'jperez@example.test', kind: 'gal', uses: 0 },
  { name: 'Mesa de Partes', email: 'mesadepartes@example.test', kind: 'list', uses: 0 },
  { name: 'Ana Quispe', email: 'ana@example.test', kind: 'gal', uses: 3 },
];
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
type Call = [string, Record<string, unknown>, string];

const MAILBOXES = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'].map((role, i) => ({
  id: `mb-${role}`,
  name: role === 'inbox' ? 'INBOX' : role,
  parentId: null,
  role,
  sortOrder: i,
  totalEmails: 0,
  unreadEmails: role === 'inbox' ? Object.keys(hostileCorpus).length : 0,
  totalThreads: 0,
  unreadThreads: 0,
  isSubscribed: true,
}));

const EMAILS = Object.entries(hostileCorpus).map(([attack, html], i) => ({
  id: `e${String(i)}`,
  blobId: `b${String(i)}`,
  threadId: `t${String(i)}`,
  mailboxIds: { 'mb-inbox': true },
  keywords: {},
  size: html.length,
  receivedAt: new Date(Date.UTC(2025, 0, 1, 12, i)).toISOString(),
  from: [{ name: 'Atacante', email: 'evil@evil.example' }],
  to: [{ name: 'Ana', email: 'ana@example.test' }],
  subject: `Ataque: ${attack}`,
  preview: attack,
  hasAttachment: false,
  htmlBody: [
    {
      partId: '1',
      blobId: null,
      size: html.length,
      name: null,
      type: 'text/html',
      charset: 'utf-8',
      disposition: null,
      cid: null,
    },
  ],
  textBody: [],
  attachments: [],
  bodyValues: { '1': { value: html } },
  headers: [{ name: 'Subject', value: ` ${attack}` }],
}));

export const SESSION = {
  capabilities: {
    'urn:ietf:params:jmap:core': {},
    'urn:ietf:params:jmap:mail': {},
    'urn:chasqui:params:jmap:preferences': { imageProxyUrl: '/jmap/proxy/image?url={url}' },
    'urn:chasqui:params:jmap:directory': {},
  },
  accounts: { A1: { name: 'ana@example.test', isPersonal: true, isReadOnly: false } },
  primaryAccounts: { 'urn:ietf:params:jmap:mail': 'A1' },
  username: 'ana@example.test',
  apiUrl: '/jmap/api',
  downloadUrl: '/jmap/download/{accountId}/{blobId}/{name}?type={type}',
  uploadUrl: '/jmap/upload/{accountId}/',
  eventSourceUrl: '/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}',
  state: 's0',
};

/** Applies a Preferences/set patch (paths of at most two segments, RFC 6901 escapes). */
function patchPreferences(prefs: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(patch)) {
    const [head = '', ...rest] = path.split('/');
    if (rest.length === 0) {
      prefs[head] = value;
      continue;
    }
    const key = rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~');
    const inner = { ...(prefs[head] as Record<string, unknown>) };
    if (value === null && head === 'tagColors') Reflect.deleteProperty(inner, key);
    else inner[key] = value;
    prefs[head] = inner;
  }
}

function respondExtension([name, args, id]: Call, state: StubState): Call | null {
  switch (name) {
    case 'Preferences/get':
      return [
        name,
        { accountId: 'A1', state: 'p0', list: [{ id: 'singleton', ...state.preferences }], notFound: [] },
        id,
      ];
    case 'Preferences/set': {
      const update = (args['update'] as Record<string, Record<string, unknown>> | undefined)?.['singleton'];
      if (state.failPreferences) {
        const notUpdated = { singleton: { type: 'serverFail', description: 'disco lleno' } };
        return [name, { accountId: 'A1', oldState: 'p0', newState: 'p0', notUpdated }, id];
      }
      if (update) patchPreferences(state.preferences, update);
      return [name, { accountId: 'A1', oldState: 'p0', newState: 'p0', updated: { singleton: null } }, id];
    }
    case 'Recipient/query': {
      const text = fold(String(args['text'] ?? ''));
      const list = DIRECTORY.filter((r) =>
        [...fold(r.name).split(/\s+/), r.email].some((w) => w.startsWith(text)),
      );
      return [name, { accountId: 'A1', list }, id];
    }
    case 'Email/set':
      state.emailUpdates.push((args['update'] as Record<string, Record<string, unknown>> | undefined) ?? {});
      return null;
    default:
      return null;
  }
}

function respond([name, args, id]: Call, previous: Map<string, Record<string, unknown>>): Call {
  const ids = (() => {
    const ref = args['#ids'] as { resultOf: string } | undefined;
    if (ref) return (previous.get(ref.resultOf)?.['ids'] as string[] | undefined) ?? [];
    return args['ids'] as string[] | null;
  })();
  switch (name) {
    case 'Mailbox/get':
      return [name, { accountId: 'A1', state: 'm0', list: MAILBOXES, notFound: [] }, id];
    case 'Identity/get':
      return [
        name,
        {
          accountId: 'A1',
          state: 'i0',
          list: [{ id: 'id1', name: 'Ana', email: 'ana@example.test', textSignature: '', htmlSignature: '' }],
          notFound: [],
        },
        id,
      ];
    case 'Email/query': {
      const position = Number(args['position'] ?? 0);
      const inInbox = JSON.stringify(args['filter'] ?? {}).includes('mb-inbox');
      const all = inInbox ? EMAILS.map((e) => e.id) : [];
      return [
        name,
        {
          accountId: 'A1',
          queryState: 'q0',
          position,
          ids: all.slice(position, position + Number(args['limit'] ?? 50)),
          total: all.length,
        },
        id,
      ];
    }
    case 'Email/get':
      return [
        name,
        {
          accountId: 'A1',
          state: 'e0',
          list: EMAILS.filter((e) => ids === null || ids.includes(e.id)),
          notFound: [],
        },
        id,
      ];
    case 'Email/set':
      return [
        name,
        {
          accountId: 'A1',
          oldState: 'e0',
          newState: 'e0',
          updated: Object.fromEntries(
            Object.keys((args['update'] as object | undefined) ?? {}).map((k) => [k, null]),
          ),
        },
        id,
      ];
    default:
      return ['error', { type: 'unknownMethod' }, id];
  }
}

/** Login answers by username: "locked@…" → 429, "expired@…" → expired, password "ok" → success. */
export function stubJmap(state: StubState) {
  return (method: string, url: string, body: string): Answer => {
    if (url === '/jmap/auth' && method === 'POST') {
      const { username, password } = JSON.parse(body) as { username: string; password: string };
      if (username.startsWith('locked'))
        return { status: 429, body: { type: 'accountLocked' }, headers: { 'Retry-After': '300' } };
      if (username.startsWith('expired')) return { status: 401, body: { type: 'passwordExpired' } };
      if (password !== 'ok') return { status: 401, body: { type: 'invalidCredentials' } };
      state.loggedIn = true;
      return { status: 200, body: { accessToken: 'a', csrfToken: 'csrf-1' } };
    }
    if (!state.loggedIn) return { status: 401, body: { type: 'unauthorized' } };
    if (url === '/jmap/session') return { status: 200, body: SESSION };
    if (url.startsWith('/jmap/proxy/image?')) {
      state.proxied.push(new URLSearchParams(url.slice(url.indexOf('?'))).get('url') ?? '');
      return { status: 200, body: null, headers: { 'Content-Type': 'image/gif' }, raw: PIXEL };
    }
    if (url === '/jmap/api' && method === 'POST') {
      const { methodCalls } = JSON.parse(body) as { methodCalls: Call[] };
      const previous = new Map<string, Record<string, unknown>>();
      const methodResponses = methodCalls.map((call) => {
        const answer = respondExtension(call, state) ?? respond(call, previous);
        previous.set(call[2], answer[1]);
        return answer;
      });
      return { status: 200, body: { methodResponses, sessionState: 's0' } };
    }
    return { status: 404, body: {} };
  };
}
