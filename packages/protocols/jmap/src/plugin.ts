// The JMAP Fastify plugin (RFC 8620 §2 session, §3 API, §6 blobs, §7.3 EventSource; RFC 8887
// WebSocket). Mount with `app.register(jmapPlugin(deps))`; it owns the /jmap/* and
// /.well-known/jmap routes, its own body parsing (raw bytes, so that bad JSON gets the JMAP
// notJSON problem) and its own authentication.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from './api/account.js';
import { accountIdOf } from './api/args.js';
import { parseRequest, RequestProblem, runRequest } from './api/dispatch.js';
import { defaultLimits, type JmapDeps, type JmapServices } from './api/types.js';
import { cookieName, loginRefused, SessionTokens, unauthorized } from './http/auth.js';
import { BlobUploads } from './http/blob-uploads.js';
import { ConcurrencyGate } from './http/concurrency.js';
import { limitProblem, parseJsonBody, problemType, sendProblem } from './http/problems.js';
import { sessionResource, sessionState } from './http/session-resource.js';
import { registerImageProxy } from './image-proxy/image-route.js';
import { SubmissionScheduler } from './methods/submission-scheduler.js';
import { subscribeStateChanges } from './push/state-change.js';
import { attachWebSocket } from './push/websocket.js';

type AccountGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Account | null>;

interface PluginParts {
  readonly services: JmapServices;
  readonly tokens: SessionTokens;
  readonly guard: AccountGuard;
  readonly secureCookie: boolean;
  /** Open EventSource streams, ended when the server closes. */
  readonly streams: Set<{ end(): unknown }>;
}

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function buildServices(deps: JmapDeps): JmapServices {
  const limitsResolved = { ...defaultLimits, ...(deps.limits ?? {}) };
  const holder: { services?: JmapServices } = {};
  const scheduler = new SubmissionScheduler(
    () => {
      if (!holder.services) throw new Error('jmap services not built');
      return holder.services;
    },
    deps.submissionPollMs ?? 10_000,
    deps.submissionLeaseMs ?? 5 * 60_000,
  );
  holder.services = {
    ...deps,
    limitsResolved,
    uploads: new BlobUploads(() => deps.clock.now()),
    scheduler,
  };
  return holder.services;
}

/** Builds the plugin (one per server; its scheduler starts when the server is ready). */
export function jmapPlugin(deps: JmapDeps) {
  const services = buildServices(deps);
  const tokens = new SessionTokens(() => services, deps.sessionTtlMs ?? 12 * 3600_000);
  const guard: AccountGuard = async (request, reply) => {
    const account = await tokens.authenticate(request);
    if (!account) await unauthorized(reply);
    return account;
  };
  const parts: PluginParts = {
    services,
    tokens,
    guard,
    secureCookie: deps.secureCookie !== false,
    streams: new Set(),
  };
  return function jmap(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: services.limitsResolved.maxSizeUpload },
      (_request, body, done) => {
        done(null, body);
      },
    );
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.send(error);
      const isUpload = request.url.startsWith('/jmap/upload/');
      return isUpload ? limitProblem(reply, 'maxSizeUpload', 413) : limitProblem(reply, 'maxSizeRequest');
    });
    app.get('/.well-known/jmap', (_request, reply) => reply.redirect('/jmap/session', 307));
    registerLogin(app, parts);
    registerApi(app, parts);
    registerBlobRoutes(app, parts);
    registerEventSource(app, parts);
    registerImageProxy(app, services, guard);
    registerLifecycle(app, parts);
    return Promise.resolve();
  };
}

function registerLogin(app: FastifyInstance, { services, tokens, guard, secureCookie }: PluginParts): void {
  const secure = secureCookie ? '; Secure' : '';
  app.post('/jmap/auth', async (request, reply) => {
    const body = parseJsonBody(request.body) as { username?: unknown; password?: unknown } | undefined;
    const { username, password } = body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string') {
      return reply.code(400).send({ type: 'invalidArguments', detail: 'username and password are required' });
    }
    try {
      const login = await tokens.login(username, password, request.ip);
      // The account's Email index builds while the page loads its session and mailboxes.
      void services.model.emails.load(login.account.id).catch(() => undefined);
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
    } catch (error) {
      return loginRefused(reply, error);
    }
  });
  // Ends a webmail (cookie, with the CSRF header) or bearer session.
  app.post('/jmap/logout', async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    tokens.logout(request);
    reply.header('set-cookie', `${cookieName}=; Path=/jmap; Max-Age=0; HttpOnly; SameSite=Strict${secure}`);
    return reply.code(204).send();
  });
  app.get('/jmap/session', async (request, reply) => {
    const account = await guard(request, reply);
    if (!account) return reply;
    const base = baseUrl(request);
    return sessionResource(account, services.limitsResolved, base, base.replace(/^http/, 'ws'));
  });
}

function registerApi(app: FastifyInstance, { services, guard }: PluginParts): void {
  const gate = new ConcurrencyGate(services.limitsResolved.maxConcurrentRequests);
  app.post('/jmap/api', { bodyLimit: services.limitsResolved.maxSizeRequest }, async (request, reply) => {
    const account = await guard(request, reply);
    if (!account) return reply;
    const body = parseJsonBody(request.body);
    if (body === undefined) return sendProblem(reply, 400, problemType('notJSON'), 'the body is not JSON');
    const ran = await gate.run(account.id, async () => {
      try {
        const parsed = parseRequest(body, services.limitsResolved.maxCallsInRequest);
        const state = sessionState(account, services.limitsResolved);
        return await runRequest(parsed, { services, account }, state);
      } catch (error) {
        if (error instanceof RequestProblem) return error;
        throw error;
      }
    });
    if (!ran) return limitProblem(reply, 'maxConcurrentRequests');
    if (ran.value instanceof RequestProblem)
      return reply.code(400).type('application/problem+json').send(ran.value.toJson());
    return ran.value;
  });
}

function registerBlobRoutes(app: FastifyInstance, { services, guard }: PluginParts): void {
  const gate = new ConcurrencyGate(services.limitsResolved.maxConcurrentUpload);
  app.post('/jmap/upload/:accountId', async (request, reply) => {
    const account = await guard(request, reply);
    if (!account) return reply;
    const { accountId } = request.params as { accountId: string };
    if (accountId !== accountIdOf(account))
      return sendProblem(reply, 404, problemType('accountNotFound'), 'no such account');
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const ran = await gate.run(account.id, async () => {
      const { usedBytes, quotaBytes } = await services.model.quota(account.id);
      if (quotaBytes !== null && usedBytes + bytes.length > quotaBytes) return null;
      const type = request.headers['content-type'] ?? 'application/octet-stream';
      return { accountId, blobId: services.uploads.put(account.id, bytes, type), type, size: bytes.length };
    });
    if (!ran) return limitProblem(reply, 'maxConcurrentUpload');
    if (!ran.value) return sendProblem(reply, 413, 'overQuota', 'the upload would exceed the quota');
    return reply.code(201).send(ran.value);
  });
  app.get('/jmap/download/:accountId/:blobId/:name', async (request, reply) => {
    const account = await guard(request, reply);
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

function registerEventSource(app: FastifyInstance, { services, guard, streams }: PluginParts): void {
  app.get('/jmap/eventsource', async (request, reply) => {
    const account = await guard(request, reply);
    if (!account) return reply;
    const query = request.query as { types?: string; closeafter?: string; ping?: string };
    const types = query.types === undefined || query.types === '*' ? null : query.types.split(',');
    const closeAfterState = query.closeafter === 'state';
    const ping = Math.min(Math.max(Number(query.ping ?? 0) || 0, 0), 3600);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    raw.write(': jmap\n\n');
    streams.add(raw);
    const stop = subscribeStateChanges(services, account, types, (change) => {
      raw.write(`event: state\ndata: ${JSON.stringify(change)}\n\n`);
      if (closeAfterState) raw.end();
    });
    const timer =
      ping > 0
        ? setInterval(() => raw.write(`event: ping\ndata: {"interval":${ping}}\n\n`), ping * 1000)
        : null;
    raw.on('close', () => {
      streams.delete(raw);
      stop();
      if (timer) clearInterval(timer);
    });
  });
}

function registerLifecycle(app: FastifyInstance, { services, tokens, streams }: PluginParts): void {
  let closeSockets: (() => void) | null = null;
  app.addHook('onReady', () => {
    const wss = attachWebSocket(app.server, services, (raw) =>
      tokens.authenticate({
        headers: raw.headers,
        method: 'GET',
        ip: raw.socket.remoteAddress ?? '',
      } as FastifyRequest),
    );
    closeSockets = () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    };
    services.scheduler.start();
    return Promise.resolve();
  });
  // Long-lived streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    closeSockets?.();
    for (const stream of streams) stream.end();
    streams.clear();
    await services.scheduler.stop();
  });
}
