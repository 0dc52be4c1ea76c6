// Builds the store and the services from a configuration: shared by `serve` and the admin verbs.
import type { Logger } from '@chasqui/core';
import { systemClock } from '@chasqui/core';
import { DeliveryService } from '@chasqui/delivery';
import { DirectoryService, MemoryAuthLimiter, type AuthLimiter } from '@chasqui/directory';
import {
  broadcastRelay,
  JmapMailModel,
  LocalMailNotifier,
  MailService,
  RelayedMailNotifier,
  type MailNotifier,
} from '@chasqui/mail';
import { openStore, type Store, type StoreOptions } from '@chasqui/store';
import type { Config } from './config/load-config.js';

export interface Services {
  readonly store: Store;
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly delivery: DeliveryService;
  /** JMAP's view of the mail model (indexes, per-account records): one per process. */
  readonly jmapModel: JmapMailModel;
}

export function storeOptions(config: Config): StoreOptions {
  if (config.store.backend === 'sqlite') return { backend: 'sqlite', dataDir: config.dataDir };
  return {
    backend: 'postgres',
    connectionString: config.store.postgresUrl,
    schema: config.store.postgresSchema,
    blobDir: config.store.blobDir,
  };
}

/** Parts a cluster worker takes from its primary instead of making its own. */
export interface SharedParts {
  readonly notifier?: MailNotifier;
  readonly limiter?: AuthLimiter;
}

/** Several nodes share a PostgreSQL store: their changes travel through it. One node: in-process. */
function notifierFor(store: Store, logger: Logger): MailNotifier {
  if (store.broadcast === null) return new LocalMailNotifier();
  const onError = (error: unknown): void => {
    logger.warn({ err: error }, 'notifier.broadcast_failed');
  };
  return new RelayedMailNotifier(broadcastRelay(store.broadcast, onError), onError);
}

export async function openServices(
  config: Config,
  logger: Logger,
  shared: SharedParts = {},
): Promise<Services> {
  const clock = systemClock;
  const store = await openStore(storeOptions(config), { clock, logger });
  const limiter = shared.limiter ?? new MemoryAuthLimiter({ clock });
  const directory = new DirectoryService({ store, clock, logger, limiter });
  const mail = new MailService({
    store,
    clock,
    logger,
    notifier: shared.notifier ?? notifierFor(store, logger),
  });
  const delivery = new DeliveryService(
    { store, directory, mail, clock, logger },
    { hostname: config.hostname, quotaFull: config.smtp.quotaFull, stageTimeoutMs: 60_000 },
  );
  return { store, directory, mail, delivery, jmapModel: new JmapMailModel({ store, mail, clock }) };
}
