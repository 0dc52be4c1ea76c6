// A JMAP plugin over a real SQLite store in a temp dir, with directory, mail and delivery.
import Fastify, { type FastifyInstance } from 'fastify';
import { silentLogger, systemClock } from '@chasqui/core';
import { DeliveryService } from '@chasqui/delivery';
import { DirectoryService } from '@chasqui/directory';
import { JmapMailModel, MailService } from '@chasqui/mail';
import { openStore, type Store } from '@chasqui/store';
import { makeTempDir } from '@chasqui/testkit';
import { jmapPlugin } from '../src/index.js';

export const password = 'S3cret-pass!x';

export interface JmapHarness {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly mail: MailService;
  readonly auth: string;
  readonly accountId: string;
  readonly numericAccountId: number;
  api(
    methodCalls: unknown[],
    using?: string[],
  ): Promise<{ methodResponses: [string, Record<string, unknown>, string][] }>;
  deliver(raw: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startJmap(): Promise<JmapHarness> {
  const dir = makeTempDir('chasqui-jmap-');
  const clock = systemClock;
  const logger = silentLogger;
  const store = await openStore({ backend: 'sqlite', dataDir: dir.path }, { clock, logger });
  const directory = new DirectoryService({ store, clock, logger });
  const mail = new MailService({ store, clock, logger });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname: 'mail.example.test', quotaFull: 'reject', stageTimeoutMs: 5000 },
  );
  const model = new JmapMailModel({ store, mail, clock });
  await directory.addDomain('example.test');
  const account = await directory.addAccount({ address: 'ana@example.test', password, displayName: 'Ana' });
  await directory.addAccount({ address: 'bob@example.test', password });
  await mail.ensureDefaultMailboxes(account.id);
  const app = Fastify({ logger: false });
  await app.register(jmapPlugin({ directory, mail, model, delivery, clock, logger, secureCookie: false }));
  await app.ready();
  const auth = `Basic ${Buffer.from(`ana@example.test:${password}`).toString('base64')}`;
  return {
    app,
    store,
    mail,
    auth,
    accountId: `A${account.id}`,
    numericAccountId: account.id,
    async api(
      methodCalls,
      using = [
        'urn:ietf:params:jmap:core',
        'urn:ietf:params:jmap:mail',
        'urn:ietf:params:jmap:submission',
        'urn:ietf:params:jmap:vacationresponse',
      ],
    ) {
      const response = await app.inject({
        method: 'POST',
        url: '/jmap/api',
        headers: { authorization: auth, 'content-type': 'application/json' },
        payload: { using, methodCalls },
      });
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
      return response.json();
    },
    async deliver(raw) {
      await mail.ingest({ accountId: account.id, raw: Buffer.from(raw.replace(/\r?\n/g, '\r\n')) });
    },
    async stop() {
      await app.close();
      await store.close();
      dir.remove();
    },
  };
}
