import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@chasqui/core';
import { DirectoryService } from '@chasqui/directory';
import { openStore } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';
import { runCli } from './cli-harness.js';

/** Checks a password through the real directory service, as a protocol would. */
async function canLogIn(dataDir: string, username: string, password: string): Promise<boolean> {
  const store = await openStore({ backend: 'sqlite', dataDir }, { clock: systemClock, logger: silentLogger });
  try {
    const directory = new DirectoryService({ store, clock: systemClock, logger: silentLogger });
    await directory.authenticate({ username, password, protocol: 'imap', remoteIp: '127.0.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

describe('chasqui admin verbs', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data]);

  before(() => {
    dir = makeTempDir('chasqui-cli-');
    data = join(dir.path, 'data');
  });
  after(() => {
    dir.remove();
  });

  it('domain add, list (table and --json), del', async () => {
    assert.equal((await cli('domain', 'add', 'municipio.gob.test')).code, 0);
    const table = await cli('domain', 'list');
    assert.match(table.stdout, /^DOMAIN\s+CATCH-ALL\s+CREATED\n/);
    assert.match(table.stdout, /municipio\.gob\.test/);
    const json = JSON.parse((await cli('domain', 'list', '--json')).stdout) as { name: string }[];
    assert.deepEqual(
      json.map((d) => d.name),
      ['municipio.gob.test'],
    );
    assert.equal((await cli('domain', 'add', 'borrar.test')).code, 0);
    assert.equal((await cli('domain', 'del', 'borrar.test')).code, 0);
    assert.doesNotMatch((await cli('domain', 'list')).stdout, /borrar\.test/);
  });

  it('user add with a generated password shown once; it logs in, a wrong one is refused', async () => {
    await cli('domain', 'add', 'region.gob.test');
    const added = await cli('user', 'add', 'ana@region.gob.test', '--name', 'Ana Quispe', '--quota', '500M');
    assert.equal(added.code, 0, added.stderr);
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    assert.ok(password);
    assert.equal(await canLogIn(data, 'ana@region.gob.test', password), true);
    assert.equal(await canLogIn(data, 'ana@region.gob.test', `${password}x`), false);
    const shown = JSON.parse((await cli('user', 'show', 'ana@region.gob.test', '--json')).stdout) as Record<
      string,
      unknown
    >;
    assert.equal(shown['displayName'], 'Ana Quispe');
    assert.equal(shown['quotaBytes'], 500 * 1024 * 1024);
  });

  it('user add --password, list, passwd, del', async () => {
    await cli('domain', 'add', 'lista.test');
    assert.equal(
      (await cli('user', 'add', 'luis@lista.test', '--password', 'Clave-Segura-2026', '--quota', '2G')).code,
      0,
    );
    const list = await cli('user', 'list', 'lista.test');
    assert.match(list.stdout, /^ADDRESS\s+NAME\s+STATE\s+USED\s+QUOTA\n/);
    assert.match(list.stdout, /luis@lista\.test\s+active\s+0 B\s+2\.0 GiB/);
    assert.equal(
      (await cli('user', 'passwd', 'luis@lista.test', '--password', 'Otra-Clave-Larga-99')).code,
      0,
    );
    assert.equal(await canLogIn(data, 'luis@lista.test', 'Otra-Clave-Larga-99'), true);
    assert.equal(await canLogIn(data, 'luis@lista.test', 'Clave-Segura-2026'), false);
    assert.equal((await cli('user', 'del', 'luis@lista.test')).code, 0);
    const gone = await cli('user', 'show', 'luis@lista.test');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^chasqui: .*luis@lista\.test\n$/);
  });

  it('alias add, list, del', async () => {
    await cli('domain', 'add', 'alias.test');
    assert.equal((await cli('alias', 'add', 'info@alias.test', 'a@alias.test', 'b@otro.test')).code, 0);
    const list = await cli('alias', 'list', 'alias.test');
    assert.match(list.stdout, /info@alias\.test\s+a@alias\.test, b@otro\.test/);
    assert.equal((await cli('alias', 'del', 'info@alias.test')).code, 0);
    assert.deepEqual(JSON.parse((await cli('alias', 'list', 'alias.test', '--json')).stdout), []);
  });

  it('an operation failure is one line and exit 1; a usage mistake is exit 2', async () => {
    const noDomain = await cli('user', 'add', 'x@no-existe.test', '--password', 'Clave-Segura-2026');
    assert.equal(noDomain.code, 1);
    assert.equal(noDomain.stderr.trimEnd().split('\n').length, 1);
    const badQuota = await cli('user', 'add', 'x@lista.test', '--quota', 'mucho');
    assert.equal(badQuota.code, 2);
    assert.match(badQuota.stderr, /^chasqui: invalid size "mucho"/);
    assert.equal((await runCli(['volar'])).code, 2);
    assert.equal((await cli('domain', '--bogus')).code, 2);
  });

  it('--help for each verb', async () => {
    for (const verb of ['serve', 'domain', 'user', 'alias', 'doctor']) {
      const help = await runCli([verb, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^usage: chasqui ${verb}`));
    }
  });

  it('doctor checks and prints the DNS records per domain', async () => {
    await cli('domain', 'add', 'doctor.test');
    const env = { CHASQUI_HTTP_PORT: '0', CHASQUI_HTTPS_PORT: '0', CHASQUI_SMTP_PORT: '0' };
    const human = await runCli(['doctor', '--data', data], env);
    assert.match(human.stdout, /^Checks\n/);
    assert.match(human.stdout, /\[ok\]\s+store\s+sqlite reachable/);
    assert.match(human.stdout, /\[ok\]\s+data dir/);
    assert.match(human.stdout, /\[skip\]\s+port http\s+port 0/);
    assert.match(human.stdout, /DNS records for doctor\.test\n/);
    const report = JSON.parse((await runCli(['doctor', '--data', data, '--json'], env)).stdout) as {
      dns: Record<string, { name: string; type: string; value: string }[]>;
    };
    const records = report.dns['doctor.test']!;
    const find = (name: string, type: string) =>
      records.find((r) => r.name === name && r.type === type)?.value;
    assert.equal(find('doctor.test.', 'MX'), '10 mail.example.test.');
    assert.equal(find('doctor.test.', 'TXT'), '"v=spf1 mx -all"');
    assert.match(find('_dmarc.doctor.test.', 'TXT')!, /^"v=DMARC1; p=quarantine; rua=mailto:/);
    assert.match(find('_mta-sts.doctor.test.', 'TXT')!, /^"v=STSv1; id=/);
    assert.match(find('_smtp._tls.doctor.test.', 'TXT')!, /^"v=TLSRPTv1; rua=mailto:/);
    for (const srv of ['_imaps._tcp', '_submissions._tcp', '_pop3s._tcp', '_autodiscover._tcp']) {
      assert.ok(find(`${srv}.doctor.test.`, 'SRV'), srv);
    }
  });
});
