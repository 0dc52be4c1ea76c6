export type * from './changes.js';
export type * from './delivery.js';
export type * from './directory.js';
export type * from './logs.js';
export type * from './mail.js';
export type * from './store.js';
export type * from './settings.js';
