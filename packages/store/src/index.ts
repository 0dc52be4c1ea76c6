// Public face of the store: interfaces plus the one factory that picks a backend.
export type * from './interfaces/index.js';
export { openStore, type StoreContext } from './open-store.js';
