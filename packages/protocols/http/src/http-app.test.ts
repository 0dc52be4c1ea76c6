import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { buildHttpApp, type HealthReport } from './http-app.js';
import { createMetrics } from './metrics.js';

const healthy: HealthReport = { status: 'ok', components: { store: 'ok', listeners: { http: 'ok' } } };

function appWith(report: HealthReport = healthy, isTls = false) {
  return buildHttpApp({ health: () => Promise.resolve(report), metrics: createMetrics(), isTls });
}

describe('HTTP root', () => {
  it('GET /health is 200 with the components when everything is ok', async () => {
    const app = appWith();
    const response = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), healthy);
    await app.close();
  });

  it('GET /health is 503 naming the failing component', async () => {
    const app = appWith({ status: 'degraded', components: { store: 'down', listeners: { imap: 'down' } } });
    const response = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json<HealthReport>().components['store'], 'down');
    await app.close();
  });

  it('GET /metrics exposes chasqui_up, process metrics and counted requests', async () => {
    const app = appWith();
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/no-existe-' + 'x'.repeat(50) });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    assert.match(response.body, /^chasqui_up 1$/m);
    assert.match(response.body, /process_cpu_user_seconds_total/);
    assert.match(
      response.body,
      /chasqui_http_requests_total\{method="GET",route="\/health",status="200"\} 1/,
    );
    assert.match(response.body, /chasqui_http_request_duration_seconds_bucket/);
    // label-cardinality-flood: unknown URLs share one label instead of one series each.
    assert.match(response.body, /route="unmatched",status="404"/);
    assert.doesNotMatch(response.body, /no-existe/);
    await app.close();
  });

  it('sends the security headers, HSTS only over TLS', async () => {
    const plain = appWith();
    const response = await plain.inject({ method: 'GET', url: '/health' });
    assert.match(response.headers['content-security-policy'] as string, /^default-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    assert.equal(response.headers['strict-transport-security'], undefined);
    await plain.close();
    const secure = appWith(healthy, true);
    const tlsResponse = await secure.inject({ method: 'GET', url: '/health' });
    assert.match(tlsResponse.headers['strict-transport-security'] as string, /^max-age=31536000/);
    await secure.close();
  });

  it('answers on a real socket', async () => {
    const app = appWith();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address !== null && typeof address === 'object');
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port: address.port, path: '/health' }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          resolve(text);
        });
      })
        .on('error', reject)
        .end();
    });
    assert.equal((JSON.parse(body) as HealthReport).status, 'ok');
    await app.close();
  });
});
