// The HTTP root (ARCHITECTURE.md §5): health and metrics now; webmail, admin API, JMAP, DAV and
// ActiveSync mount here as plugins later. Strict security headers on every answer.
import type { SecureContext } from 'node:tls';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { HttpMetrics } from './metrics.js';

export type ComponentStatus = 'ok' | 'starting' | 'down' | 'disabled';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly components: Readonly<Record<string, ComponentStatus | Readonly<Record<string, ComponentStatus>>>>;
}

export interface HttpAppDeps {
  /** Reports each component; /health answers 200 only when everything is 'ok' or 'disabled'. */
  readonly health: () => Promise<HealthReport>;
  readonly metrics: HttpMetrics;
  readonly isTls: boolean;
  /** Serve HTTPS with these options (from `TlsManager.serverOptions()`). */
  readonly https?: { readonly cert: string; readonly key: string; readonly SNICallback: SniCallback };
  /** Protocol front-ends mounted on this app (JMAP, later DAV, ActiveSync, admin API). */
  readonly plugins?: readonly HttpPlugin[];
  /** The built webmail, served at `/` with the page shell for client-side routes. */
  readonly webmailDir?: string | null;
}

/** A front-end that adds its routes to the app (a Fastify plugin function). */
export type HttpPlugin = (app: FastifyInstance) => Promise<void>;

type SniCallback = (name: string, done: (error: Error | null, context?: SecureContext) => void) => void;

// One strict policy for every answer: no inline script or style, no plugins, nothing framed from
// elsewhere; mail bodies render in a sandboxed blob: frame (webmail) under their own policy.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Builds the Fastify app (not listening); the caller owns `listen` and `close`. */
export function buildHttpApp(deps: HttpAppDeps): FastifyInstance {
  const options = { logger: false, bodyLimit: 1024 * 1024, requestTimeout: 30_000 } as const;
  // An HTTPS app has a different server type; both expose the same routes and hooks.
  const app =
    deps.https === undefined
      ? Fastify(options)
      : (Fastify({ ...options, https: { ...deps.https } }) as unknown as FastifyInstance);

  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    if (deps.isTls) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    (request as { startedAt?: bigint }).startedAt = process.hrtime.bigint();
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const startedAt = (request as { startedAt?: bigint }).startedAt ?? process.hrtime.bigint();
    deps.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    deps.metrics.duration.observe(
      { method: request.method, route },
      Number(process.hrtime.bigint() - startedAt) / 1e9,
    );
    done();
  });

  app.get('/health', async (_request, reply) => {
    const report = await deps.health();
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(text);
  });

  for (const plugin of deps.plugins ?? []) void app.register(plugin);
  if (deps.webmailDir) void app.register(webmailPlugin(deps.webmailDir));
  return app;
}

/** The single-page webmail: hashed assets cached for a year, the shell never cached. */
function webmailPlugin(root: string): HttpPlugin {
  return async (app) => {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      setHeaders: (response, path) => {
        response.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // Client-side routes (e.g. /correo/INBOX) get the shell; API paths keep their 404s.
    app.setNotFoundHandler((request, reply) => {
      const wantsPage = request.method === 'GET' && !/^\/(jmap|api|admin|\.well-known)\b/.test(request.url);
      if (wantsPage && request.headers.accept?.includes('text/html')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'not found' });
    });
  };
}
