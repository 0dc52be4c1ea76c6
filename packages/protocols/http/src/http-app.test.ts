import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('serves the webmail shell for client routes with the strict CSP, and JSON 404 for API paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webmail-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Chasqui</title>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    const app = buildHttpApp({
      health: () => Promise.resolve(healthy),
      metrics: createMetrics(),
      isTls: false,
      webmailDir: dir,
    });
    const shell = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(shell.statusCode, 200);
    assert.match(String(shell.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
    assert.equal(shell.headers['cache-control'], 'no-cache');
    const route = await app.inject({ method: 'GET', url: '/correo/INBOX', headers: { accept: 'text/html' } });
    assert.match(route.body, /<title>Chasqui<\/title>/);
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const api = await app.inject({ method: 'GET', url: '/jmap/nada', headers: { accept: 'text/html' } });
    assert.equal(api.statusCode, 404);
    assert.deepEqual(api.json(), { error: 'not found' });
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
