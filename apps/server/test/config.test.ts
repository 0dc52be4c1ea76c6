import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@chasqui/testkit';
import { loadConfig } from '../src/config/load-config.js';
import { environmentWith } from '../src/cli/arguments.js';
import { runCli } from './cli-harness.js';

describe('configuration', () => {
  let dir: ReturnType<typeof makeTempDir>;
  before(() => {
    dir = makeTempDir('chasqui-config-');
  });
  after(() => {
    dir.remove();
  });

  it('defaults to development: 127.0.0.1, high ports, ./data', () => {
    const config = loadConfig({ env: {}, cwd: dir.path });
    assert.equal(config.file, null);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.mode, 'development');
    assert.equal(config.dataDir, join(dir.path, 'data'));
    assert.equal(config.hostname, 'mail.example.test');
    assert.equal(config.store.backend, 'sqlite');
    const ports = Object.fromEntries(Object.entries(config.listeners).map(([name, l]) => [name, l.port]));
    assert.deepEqual(ports, {
      smtp: 2525,
      submission: 2587,
      submissions: 2465,
      imap: 2143,
      imaps: 2993,
      pop3: 2110,
      pop3s: 2995,
      sieve: 4190,
      http: 8080,
      https: 8443,
    });
  });

  it('reads chasqui.toml, and the environment wins over the file, and --data over both', () => {
    const file = join(dir.path, 'chasqui.toml');
    writeFileSync(
      file,
      [
        '[server]',
        'hostname = "correo.gob.test"',
        'data_dir = "/srv/desde-archivo"',
        '[listeners.imap]',
        'port = 1143',
        '[listeners.pop3]',
        'enabled = false',
        '[log]',
        'level = "debug"',
      ].join('\n'),
    );
    const fromFile = loadConfig({ env: {}, cwd: dir.path });
    assert.equal(fromFile.file, file);
    assert.equal(fromFile.hostname, 'correo.gob.test');
    assert.equal(fromFile.listeners.imap.port, 1143);
    assert.equal(fromFile.listeners.pop3.enabled, false);
    assert.equal(fromFile.logLevel, 'debug');
    const env = { CHASQUI_IMAP_PORT: '3143', CHASQUI_DATA: '/srv/desde-env', CHASQUI_LOG_LEVEL: 'warn' };
    const fromEnv = loadConfig({ env, cwd: dir.path });
    assert.equal(fromEnv.listeners.imap.port, 3143);
    assert.equal(fromEnv.dataDir, '/srv/desde-env');
    assert.equal(fromEnv.logLevel, 'warn');
    const fromFlag = loadConfig({
      env: { ...env, ...environmentWith({ data: '/srv/desde-flag' }) },
      cwd: dir.path,
    });
    assert.equal(fromFlag.dataDir, '/srv/desde-flag');
  });

  it('chasqui.example.toml is a valid production configuration', () => {
    const example = new URL('../../../chasqui.example.toml', import.meta.url).pathname;
    const config = loadConfig({ env: {}, cwd: dir.path, file: example });
    assert.equal(config.mode, 'production');
    assert.equal(config.listeners.smtp.port, 25);
    assert.equal(config.listeners.https.port, 443);
    assert.equal(config.tlsCertificates.length, 1);
  });

  it('accepts port 0 (tests) and generic CHASQUI_<SECTION>_<KEY> overrides', () => {
    const config = loadConfig({
      env: {
        CHASQUI_HTTP_PORT: '0',
        CHASQUI_STORE_BACKEND: 'postgres',
        CHASQUI_STORE_POSTGRES_URL: 'postgres://x/y',
      },
      cwd: dir.path,
    });
    assert.equal(config.listeners.http.port, 0);
    assert.equal(config.store.backend, 'postgres');
  });

  // Every way a configuration can be wrong stops the real CLI with one line and exit code 2.
  const errorCases: { name: string; toml?: string; env?: Record<string, string>; line: RegExp }[] = [
    {
      name: 'non-numeric port in the environment',
      env: { CHASQUI_IMAP_PORT: 'abc' },
      line: /^chasqui: config error: CHASQUI_IMAP_PORT: must be an integer 0–65535 \(got "abc"\)$/,
    },
    {
      name: 'unknown environment variable',
      env: { CHASQUI_IMAP_PORTT: '1' },
      line: /^chasqui: config error: CHASQUI_IMAP_PORTT: unknown environment variable$/,
    },
    {
      name: 'unknown key in the file',
      toml: '[server]\nhostnme = "x"\n',
      line: /^chasqui: config error: server\.hostnme: unknown key$/,
    },
    {
      name: 'unknown section in the file',
      toml: '[serverr]\n',
      line: /^chasqui: config error: serverr: unknown key$/,
    },
    {
      name: 'port out of range in the file',
      toml: '[listeners.smtp]\nport = 70000\n',
      line: /^chasqui: config error: listeners\.smtp\.port: must be an integer 0–65535 \(got 70000\)$/,
    },
    {
      name: 'bad enum value',
      toml: '[store]\nbackend = "mysql"\n',
      line: /^chasqui: config error: store\.backend: must be "sqlite" or "postgres" \(got "mysql"\)$/,
    },
    { name: 'TOML syntax error', toml: '[server\n', line: /^chasqui: config error: .*chasqui\.toml: / },
  ];
  for (const errorCase of errorCases) {
    it(`exit 2 with one line: ${errorCase.name}`, async () => {
      const cwd = makeTempDir('chasqui-config-error-');
      if (errorCase.toml !== undefined) writeFileSync(join(cwd.path, 'chasqui.toml'), errorCase.toml);
      const result = await runCli(
        ['domain', 'list', '--data', join(cwd.path, 'data')],
        errorCase.env ?? {},
        cwd.path,
      );
      cwd.remove();
      assert.equal(result.code, 2);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, errorCase.line);
    });
  }

  it('exit 2 when --config names a missing file', async () => {
    const result = await runCli(['domain', 'list', '--config', join(dir.path, 'no-existe.toml')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^chasqui: config error: .*no-existe\.toml: no such file\n$/);
  });
});
