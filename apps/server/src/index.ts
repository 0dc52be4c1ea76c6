// The server application: configuration loading and the composition root, for embedding and tests.
export { ConfigError, loadConfig, type Config, type ListenerConfig } from './config/load-config.js';
export { startServer, type RunningServer, type StartOptions } from './compose.js';
export { primaryDomainOf } from './bootstrap.js';
