// The HTTP root (ARCHITECTURE.md §5): health and metrics now; webmail, admin API, JMAP, DAV and
// ActiveSync mount here as plugins later. Strict security headers on every answer.
import type { SecureContext } from 'node:tls';
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
}

type SniCallback = (name: string, done: (error: Error | null, context?: SecureContext) => void) => void;

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
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

  return app;
}
