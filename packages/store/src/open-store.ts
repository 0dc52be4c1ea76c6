// Picks the backend named in the options; callers never import a backend directly.
import type { Clock, Logger } from '@chasqui/core';
import type { Store, StoreOptions } from './interfaces/index.js';

export interface StoreContext {
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Opens (and migrates) the store described by `options`. */
export async function openStore(options: StoreOptions, context: StoreContext): Promise<Store> {
  throw new Error(`not implemented yet: ${options.backend} ${typeof context}`);
}
