// GET /jmap/proxy/image against a real node:http image server on loopback (private networks
// allowed for it), and with the default policy: loopback, RFC 1918, IPv6 loopback, redirects to
// private addresses and DNS rebinding refused; SVG and HTML refused; size, time and rate limits.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { testBackends, useBackend } from '@chasqui/testkit';
import { startBackendJmap, type BackendJmap } from '../../test/backend-harness.js';
import type { UpstreamRequest } from './upstream.js';

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e4f1d90000000049454e44ae426082',
  'hex',
);

interface ImageServer {
  readonly base: string;
  readonly port: number;
  readonly seenHeaders: IncomingHttpHeaders[];
  close(): Promise<void>;
}

async function startImageServer(): Promise<ImageServer> {
  const seenHeaders: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    seenHeaders.push(request.headers);
    const path = request.url ?? '/';
    if (path === '/ok.png') {
      response.writeHead(200, {
        'content-type': 'image/png; charset=binary',
        'set-cookie': 'track=1',
        'content-length': png.length,
      });
      response.end(png);
    } else if (path === '/redirect') {
      response.writeHead(302, { location: '/ok.png' });
      response.end();
    } else if (path.startsWith('/loop')) {
      response.writeHead(301, { location: `/loop${path.length}` });
      response.end();
    } else if (path === '/logo.svg') {
      response.writeHead(200, { 'content-type': 'image/svg+xml' });
      response.end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    } else if (path === '/page') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html></html>');
    } else if (path === '/endless.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (response.write(chunk)) if (response.destroyed) return;
      };
      response.on('drain', pump);
      pump();
    } else if (path === '/declared-huge.png') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': 6 * 1024 * 1024 });
      response.write(png);
    } else if (path === '/slow.png') {
      // Never answers: the proxy's deadline must end it.
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no');
    }
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    seenHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const [sqlite] = testBackends;

describe('image proxy', async () => {
  const under = await useBackend(sqlite!);
  let images: ImageServer;
  let open: BackendJmap;
  let strict: BackendJmap;
  const fakeRequests: string[] = [];
  // For the hostile cases of the default policy: names resolve as listed, and the one public
  // host answers with a redirect to a private address. No real connection is made.
  const zone: Record<string, string[]> = {
    'cdn.example.test': ['93.184.216.34'],
    'rebind.example.test': ['93.184.216.34', '10.0.0.7'],
  };
  const fakeRequest: UpstreamRequest = (target) => {
    fakeRequests.push(`${target.address.address} ${target.url.href}`);
    return Promise.resolve({
      status: 302,
      headers: { location: 'http://127.0.0.1/internal.png' },
      body: (async function* () {})(),
      destroy: () => undefined,
    });
  };

  before(async () => {
    images = await startImageServer();
    open = await startBackendJmap(under.opened, {
      imageProxy: { allowPrivateNetworks: true, timeoutMs: 300, perMinute: 1000 },
    });
    strict = await startBackendJmap(under.opened, {
      isSecondNode: true,
      imageProxy: {
        perMinute: 1000,
        resolve: (host) =>
          Promise.resolve(
            (zone[host] ?? ['127.0.0.1']).map((address) => ({
              address,
              family: address.includes(':') ? 6 : 4,
            })),
          ),
      },
    });
  });
  after(async () => {
    await open?.close();
    await strict?.close();
    await images?.close();
  });

  const proxied = (
    jmap: BackendJmap,
    url: string,
    headers: Record<string, string> = { authorization: jmap.auth },
  ) => jmap.app.inject({ method: 'GET', url: `/jmap/proxy/image?url=${encodeURIComponent(url)}`, headers });

  it('serves an image with safe headers and sends the image server nothing personal', async () => {
    const response = await proxied(open, `${images.base}/ok.png`, {
      authorization: open.auth,
      cookie: 'chasqui_session=x',
      referer: 'https://mail.example.test/',
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.rawPayload, png);
    assert.equal(response.headers['content-type'], 'image/png');
    assert.equal(response.headers['cache-control'], 'private, max-age=86400');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(response.headers['content-disposition'], 'inline');
    assert.equal(response.headers['set-cookie'], undefined);
    const sent = images.seenHeaders.at(-1) ?? {};
    assert.equal(sent.cookie, undefined);
    assert.equal(sent.referer, undefined);
    assert.equal(sent.authorization, undefined);
    assert.match(String(sent['user-agent']), /Chasqui-ImageProxy/);
  });

  it('follows up to three redirects, each checked again', async () => {
    assert.equal((await proxied(open, `${images.base}/redirect`)).statusCode, 200);
    const loop = await proxied(open, `${images.base}/loop`);
    assert.equal(loop.statusCode, 502);
    assert.equal(loop.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('refuses SVG and HTML with 415', async () => {
    for (const path of ['/logo.svg', '/page']) {
      const response = await proxied(open, `${images.base}${path}`);
      assert.equal(response.statusCode, 415, path);
      assert.equal(response.json<{ status: number }>().status, 415);
    }
  });

  it('endless-body: stops reading past 5 MB with 413, and trusts a too-large Content-Length at once', async () => {
    assert.equal((await proxied(open, `${images.base}/endless.png`)).statusCode, 413);
    assert.equal((await proxied(open, `${images.base}/declared-huge.png`)).statusCode, 413);
  });

  it('slow-server: gives up at the deadline with 504', async () => {
    assert.equal((await proxied(open, `${images.base}/slow.png`)).statusCode, 504);
  });

  it('answers an upstream error with 502', async () => {
    assert.equal((await proxied(open, `${images.base}/missing.png`)).statusCode, 502);
  });

  it('ssrf: refuses loopback, RFC 1918 and IPv6 loopback under the default policy', async () => {
    for (const url of [
      `${images.base}/ok.png`,
      'http://10.1.2.3/x.png',
      `http://[::1]:${images.port}/ok.png`,
      'http://[::ffff:127.0.0.1]/x.png',
      `http://localhost:${images.port}/ok.png`,
    ]) {
      const response = await proxied(strict, url);
      assert.equal(response.statusCode, 403, url);
    }
  });

  it('ssrf-redirect: refuses a public image server that redirects to a private address', async () => {
    const strictFake = await startBackendJmap(under.opened, {
      isSecondNode: true,
      imageProxy: {
        resolve: (host) => Promise.resolve((zone[host] ?? []).map((address) => ({ address, family: 4 }))),
        request: fakeRequest,
      },
    });
    try {
      assert.equal((await proxied(strictFake, 'http://cdn.example.test/a.png')).statusCode, 403);
      assert.deepEqual(fakeRequests, ['93.184.216.34 http://cdn.example.test/a.png']);
      assert.equal(
        (await proxied(strictFake, 'http://rebind.example.test/a.png')).statusCode,
        403,
        'one private address among public ones',
      );
      assert.equal(fakeRequests.length, 1, 'nothing connected for the rebinding name');
    } finally {
      await strictFake.close();
    }
  });

  it('refuses what is not an http(s) URL with 400', async () => {
    for (const url of [
      'ftp://example.test/a.png',
      'javascript:alert(1)',
      'not a url',
      'http://user:pw@example.test/a.png',
    ]) {
      assert.equal((await proxied(strict, url)).statusCode, 400, url);
    }
    const missing = await strict.app.inject({
      url: '/jmap/proxy/image',
      headers: { authorization: strict.auth },
    });
    assert.equal(missing.statusCode, 400);
  });

  it('needs an authenticated session: 401 without, cookie GET without CSRF header allowed', async () => {
    assert.equal((await proxied(open, `${images.base}/ok.png`, {})).statusCode, 401);
    const login = await open.app.inject({
      method: 'POST',
      url: '/jmap/auth',
      payload: { username: 'ana@example.test', password: 'S3cret-pass!x' },
    });
    const { accessToken } = login.json<{ accessToken: string }>();
    const withCookie = await proxied(open, `${images.base}/ok.png`, {
      cookie: `chasqui_session=${accessToken}`,
    });
    assert.equal(withCookie.statusCode, 200);
  });

  it('limits each account to its images per minute (429 with Retry-After)', async () => {
    const limited = await startBackendJmap(under.opened, {
      isSecondNode: true,
      imageProxy: { allowPrivateNetworks: true, perMinute: 2 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await proxied(limited, `${images.base}/ok.png`)).statusCode);
      assert.deepEqual(statuses, [200, 200, 429]);
      const refused = await proxied(limited, `${images.base}/ok.png`);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      limited.backend.clock.advance(60_000);
      assert.equal((await proxied(limited, `${images.base}/ok.png`)).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});
