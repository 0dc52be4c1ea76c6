// Test helpers: store backends, temp dirs, external tools.
export * from './backends.js';
export * from './temp-dir.js';
export * from './tools.js';
