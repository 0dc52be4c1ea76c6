// Runs an admin verb against the configured store, closing it afterwards.
import { createLogger } from '../logger.js';
import { loadConfig } from '../config/load-config.js';
import { openServices, type Services } from '../services.js';
import { environmentWith, type ParsedArguments } from './arguments.js';

export async function withServices<T>(
  parsed: ParsedArguments,
  work: (services: Services) => Promise<T>,
): Promise<T> {
  const configFile = typeof parsed.values['config'] === 'string' ? parsed.values['config'] : undefined;
  const config = loadConfig({ file: configFile, env: environmentWith(parsed.values) });
  // Admin verbs log only problems, to stderr, so their output stays clean for people and scripts.
  const logger = createLogger('warn', 'stderr');
  const services = await openServices(config, logger);
  try {
    return await work(services);
  } finally {
    await services.store.close();
  }
}
