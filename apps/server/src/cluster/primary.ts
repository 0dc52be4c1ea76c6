// `chasqui serve --workers N`, the primary process: does once what must happen once (schema
// migrations, the first-start bootstrap, the development certificate), then runs the worker
// pool until a stop signal. It serves no connection itself.
import { systemClock, type Logger } from '@chasqui/core';
import { MemoryAuthLimiter } from '@chasqui/directory';
import { bootstrapFirstStart, formatAdminBanner } from '../bootstrap.js';
import { openTls } from '../compose.js';
import type { Config } from '../config/load-config.js';
import { openServices } from '../services.js';
import { WorkerPool } from './worker-pool.js';

export interface PrimaryOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly adminPassword?: string | undefined;
  readonly announce: (text: string) => void;
  readonly stopSignal: Promise<NodeJS.Signals>;
  readonly shutdownTimeoutMs: number;
}

async function prepareOnce(options: PrimaryOptions): Promise<void> {
  const { config, logger } = options;
  const services = await openServices(config, logger);
  try {
    const created = await bootstrapFirstStart(services, config, options.adminPassword, logger);
    if (created !== null) options.announce(formatAdminBanner(created));
    await openTls(config, logger);
  } finally {
    await services.store.close();
  }
}

export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const { config, logger } = options;
  await prepareOnce(options);
  const pool = new WorkerPool(config.workers, new MemoryAuthLimiter({ clock: systemClock }), logger);
  process.on('SIGHUP', () => {
    pool.signal('SIGHUP');
  });
  try {
    await pool.start();
  } catch (error) {
    await pool.stop(options.shutdownTimeoutMs);
    throw error;
  }
  logger.info({ workers: config.workers }, 'cluster.ready');
  const signal = await options.stopSignal;
  logger.info({ signal }, 'server.signal');
  await pool.stop(options.shutdownTimeoutMs + 2_000);
  logger.info({}, 'cluster.stopped');
  return 0;
}
