// Test helpers: store backends, test data, temp dirs, external tools.
export * from './backends.js';
export * from './dns-table.js';
export * from './factories.js';
export * from './temp-dir.js';
export * from './tools.js';
