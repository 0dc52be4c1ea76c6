import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { makeTempDir } from '@chasqui/testkit';
import { loadConfig } from '../config/load-config.js';
import { checkTls } from './doctor-checks.js';

const dayMs = 86_400_000;

async function certificateValidFor(dir: string, days: number): Promise<{ cert: string; key: string }> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'mail.example.test' }], {
    keyType: 'ec',
    notBeforeDate: new Date(now - dayMs),
    notAfterDate: new Date(now + days * dayMs),
  });
  const files = { cert: join(dir, `c${days}.crt`), key: join(dir, `c${days}.key`) };
  writeFileSync(files.cert, pems.cert);
  writeFileSync(files.key, pems.private);
  return files;
}

describe('doctor TLS check', () => {
  it('fails a certificate expiring within 14 days, passes one with months left', async () => {
    const dir = makeTempDir('chasqui-doctor-');
    const soon = await certificateValidFor(dir.path, 5);
    const later = await certificateValidFor(dir.path, 90);
    const toml = join(dir.path, 'chasqui.toml');
    writeFileSync(
      toml,
      `[[tls.certificates]]\ncert = "${soon.cert}"\nkey = "${soon.key}"\n[[tls.certificates]]\ncert = "${later.cert}"\nkey = "${later.key}"\n`,
    );
    const results = checkTls(loadConfig({ env: {}, cwd: dir.path }), Date.now());
    assert.deepEqual(
      results.map((result) => result.status),
      ['fail', 'ok'],
    );
    assert.match(results[0]!.detail, /expires in [45] days/);
    dir.remove();
  });

  it('fails an unreadable certificate file, naming it', () => {
    const dir = makeTempDir('chasqui-doctor-');
    writeFileSync(
      join(dir.path, 'chasqui.toml'),
      '[[tls.certificates]]\ncert = "falta.crt"\nkey = "falta.key"\n',
    );
    const [result] = checkTls(loadConfig({ env: {}, cwd: dir.path }), Date.now());
    assert.equal(result!.status, 'fail');
    assert.match(result!.detail, /falta\.crt/);
    dir.remove();
  });
});
