// @chasqui/jmap: JMAP Core (RFC 8620), Mail (RFC 8621) and WebSocket (RFC 8887) as a Fastify plugin.
export { jmapPlugin } from './plugin.js';
export { defaultLimits, type JmapDeps, type JmapLimits } from './api/types.js';
export type { ImageProxyOptions } from './image-proxy/image-route.js';
