// The HTTP server root and its operational endpoints.
export {
  buildHttpApp,
  type ComponentStatus,
  type HealthReport,
  type HttpAppDeps,
  type HttpPlugin,
} from './http-app.js';
export { createMetrics, type HttpMetrics } from './metrics.js';
