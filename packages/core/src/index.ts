export * from './errors.js';
export * from './email-address.js';
export * from './clock.js';
export * from './logger.js';
export * from './mail-types.js';
