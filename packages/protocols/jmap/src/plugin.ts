// The JMAP Fastify plugin (RFC 8620 §2 session, §3 API, §6 blobs, §7.3 EventSource; RFC 8887
// WebSocket). Mount with `app.register(jmapPlugin(deps))`; it owns the /jmap/* and
// /.well-known/jmap routes and its own authentication hook.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from './api/account.js';
import { accountIdOf } from './api/args.js';
import { parseRequest, RequestProblem, runRequest } from './api/dispatch.js';
import { defaultLimits, type JmapDeps, type JmapServices } from './api/types.js';
import { SessionTokens, unauthorized, cookieName } from './http/auth.js';
import { BlobUploads } from './http/blob-uploads.js';
import { sessionResource } from './http/session-resource.js';
import { SubmissionScheduler } from './methods/submission-scheduler.js';
import { attachWebSocket } from './push/websocket.js';
import { subscribeStateChanges } from './push/state-change.js';

declare module 'fastify' {
  interface FastifyRequest {
    jmapAccount?: Account;
  }
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Builds the plugin; `services` is exposed for tests and the scheduler timer. */
export function jmapPlugin(deps: JmapDeps) {
  const limitsResolved = { ...defaultLimits, ...(deps.limits ?? {}) };
  let services!: JmapServices;
  const scheduler = new SubmissionScheduler(() => services);
  services = { ...deps, limitsResolved, uploads: new BlobUploads(() => deps.clock.now()), scheduler };
  const tokens = new SessionTokens(() => services, deps.sessionTtlMs ?? 12 * 3600_000);
  return async function jmap(app: FastifyInstance): Promise<void> {
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: limitsResolved.maxSizeUpload },
      (_req, body, done) => {
        done(null, body);
      },
    );
    const requireAccount = async (request: FastifyRequest, reply: FastifyReply): Promise<Account | null> => {
      const account = await tokens.authenticate(request);
      if (!account) {
        await unauthorized(reply);
        return null;
      }
      scheduler.watch(account);
      return account;
    };
    app.get('/.well-known/jmap', (_request, reply) => reply.redirect('/jmap/session', 307));
    app.post('/jmap/auth', async (request, reply) => {
      const { username, password } = (request.body ?? {}) as { username?: unknown; password?: unknown };
      if (typeof username !== 'string' || typeof password !== 'string') {
        return reply
          .code(400)
          .send({ type: 'invalidArguments', detail: 'username and password are required' });
      }
      try {
        const login = await tokens.login(username, password, request.ip);
        const secure = deps.secureCookie === false ? '' : '; Secure';
        reply.header(
          'set-cookie',
          `${cookieName}=${login.accessToken}; Path=/jmap; HttpOnly; SameSite=Strict${secure}`,
        );
        return {
          accessToken: login.accessToken,
          csrfToken: login.csrfToken,
          accountId: accountIdOf(login.account),
          username: login.account.address,
        };
      } catch {
        return unauthorized(reply);
      }
    });
    app.get('/jmap/session', async (request, reply) => {
      const account = await requireAccount(request, reply);
      if (!account) return reply;
      const base = baseUrl(request);
      return sessionResource(account, limitsResolved, base, base.replace(/^http/, 'ws'));
    });
    app.post('/jmap/api', async (request, reply) => {
      const account = await requireAccount(request, reply);
      if (!account) return reply;
      let body: unknown = request.body;
      if (Buffer.isBuffer(body)) {
        try {
          body = JSON.parse(body.toString('utf8'));
        } catch {
          return reply
            .code(400)
            .type('application/problem+json')
            .send({ type: 'urn:ietf:params:jmap:error:notJSON', status: 400, detail: 'not JSON' });
        }
      }
      try {
        const parsed = parseRequest(body, limitsResolved.maxCallsInRequest);
        return await runRequest(parsed, { services, account }, String(account.passwordChangedAt));
      } catch (error) {
        if (error instanceof RequestProblem)
          return reply.code(400).type('application/problem+json').send(error.toJson());
        throw error;
      }
    });
    registerBlobRoutes(app, services, requireAccount);
    registerEventSource(app, services, requireAccount);
    app.addHook('onReady', () => {
      attachWebSocket(app.server, services, async (raw) =>
        tokens.authenticate({
          headers: raw.headers,
          method: 'GET',
          ip: raw.socket.remoteAddress ?? '',
        } as FastifyRequest),
      );
      const timer = setInterval(() => void scheduler.runDue(), 30_000);
      timer.unref();
      app.addHook('onClose', () => {
        clearInterval(timer);
      });
    });
  };
}

type AccountGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Account | null>;

function registerBlobRoutes(
  app: FastifyInstance,
  services: JmapServices,
  requireAccount: AccountGuard,
): void {
  app.post('/jmap/upload/:accountId', async (request, reply) => {
    const account = await requireAccount(request, reply);
    if (!account) return reply;
    const { accountId } = request.params as { accountId: string };
    if (accountId !== accountIdOf(account)) return reply.code(404).send({ type: 'accountNotFound' });
    const bytes = Buffer.isBuffer(request.body)
      ? request.body
      : Buffer.from(JSON.stringify(request.body ?? ''));
    const type = request.headers['content-type'] ?? 'application/octet-stream';
    const blobId = services.uploads.put(account.id, bytes, type);
    return reply.code(201).send({ accountId, blobId, type, size: bytes.length });
  });
  app.get('/jmap/download/:accountId/:blobId/:name', async (request, reply) => {
    const account = await requireAccount(request, reply);
    if (!account) return reply;
    const { accountId, blobId, name } = request.params as { accountId: string; blobId: string; name: string };
    const bytes =
      accountId === accountIdOf(account) ? await services.uploads.read({ services, account }, blobId) : null;
    if (!bytes) return reply.code(404).send({ type: 'notFound' });
    const type = (request.query as { type?: string }).type ?? 'application/octet-stream';
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, immutable, max-age=31536000')
      .send(Buffer.from(bytes));
  });
}

function registerEventSource(
  app: FastifyInstance,
  services: JmapServices,
  requireAccount: AccountGuard,
): void {
  app.get('/jmap/eventsource', async (request, reply) => {
    const account = await requireAccount(request, reply);
    if (!account) return reply;
    const query = request.query as { types?: string; closeafter?: string; ping?: string };
    const types = query.types === undefined || query.types === '*' ? null : query.types.split(',');
    const closeAfterState = query.closeafter === 'state';
    const ping = Math.min(Math.max(Number(query.ping ?? 0), 0), 3600);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    raw.write(': jmap\n\n');
    const stop = subscribeStateChanges(services, account, types, (change) => {
      raw.write(`event: state\ndata: ${JSON.stringify(change)}\n\n`);
      if (closeAfterState) raw.end();
    });
    const timer =
      ping > 0
        ? setInterval(() => raw.write(`event: ping\ndata: {"interval":${ping}}\n\n`), ping * 1000)
        : null;
    raw.on('close', () => {
      stop();
      if (timer) clearInterval(timer);
    });
  });
}
