// GET /jmap/proxy/image?url=… — remote images for the webmail, fetched by the server so that
// the page keeps `img-src 'self'`, the sender never sees the reader's address, and nothing
// but a raster image ever comes back. Same authentication as the rest of /jmap (a cookie GET
// needs no CSRF header: it changes nothing); a per-account rate limit; RFC 7807 errors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../api/account.js';
import type { JmapServices } from '../api/types.js';
import { sendProblem } from '../http/problems.js';
import {
  fetchImage,
  ProxyFailure,
  type FetchedImage,
  type ImageFetchOptions,
  type ProxyFailureKind,
} from './fetch-image.js';
import { WindowRateLimiter } from './rate-limit.js';
import { nodeRequest, systemResolver } from './upstream.js';

export interface ImageProxyOptions extends ImageFetchOptions {
  /** Images one account may fetch per minute. */
  readonly perMinute: number;
}

export const defaultImageProxyOptions: ImageProxyOptions = {
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 3,
  allowPrivateNetworks: false,
  perMinute: 300,
  resolve: systemResolver,
  request: nodeRequest,
};

const statusOf: Readonly<Record<ProxyFailureKind, number>> = {
  badUrl: 400,
  forbiddenAddress: 403,
  tooLarge: 413,
  unsupportedType: 415,
  upstream: 502,
  timeout: 504,
};

const problemType = (name: string) => `urn:chasqui:params:jmap:error:imageProxy:${name}`;

type AccountGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Account | null>;

function sendImage(reply: FastifyReply, contentType: string, body: Buffer): FastifyReply {
  return reply
    .code(200)
    .type(contentType)
    .header('cache-control', 'private, max-age=86400')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', 'inline')
    .send(body);
}

/** Registers the proxy route on the JMAP plugin. */
export function registerImageProxy(app: FastifyInstance, services: JmapServices, guard: AccountGuard): void {
  const options: ImageProxyOptions = { ...defaultImageProxyOptions, ...(services.imageProxy ?? {}) };
  const limiter = new WindowRateLimiter(options.perMinute, 60_000, () => services.clock.now());
  app.get('/jmap/proxy/image', async (request, reply) => {
    const account = await guard(request, reply);
    if (!account) return reply;
    const { url } = request.query as { url?: unknown };
    if (typeof url !== 'string' || url === '') {
      return sendProblem(reply, 400, problemType('badUrl'), 'the url parameter is required, once');
    }
    const waitMs = limiter.take(account.id);
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      return sendProblem(
        reply,
        429,
        problemType('rateLimited'),
        `at most ${options.perMinute} images a minute`,
      );
    }
    let image: FetchedImage;
    try {
      image = await fetchImage(url, options);
    } catch (error) {
      if (!(error instanceof ProxyFailure)) throw error;
      if (error.kind === 'forbiddenAddress') {
        services.logger.warn(
          { accountId: account.id, url, reason: error.message },
          'jmap.image_proxy_refused',
        );
      }
      return sendProblem(reply, statusOf[error.kind], problemType(error.kind), error.message);
    }
    return sendImage(reply, image.contentType, image.body);
  });
}
