// The HTTP and HTTPS listeners and the health report they serve.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Logger } from '@chasqui/core';
import { jmapPlugin } from '@chasqui/jmap';
import type { Store } from '@chasqui/store';
import type { Services } from './services.js';
import { buildHttpApp, createMetrics, type HealthReport, type HttpMetrics } from '@chasqui/http';
import { type Listener, type ListenerRegistry, type TlsManager } from '@chasqui/net';
import type { Server as TlsServer } from 'node:tls';
import type { Config } from './config/load-config.js';

type ComponentStatus = 'ok' | 'starting' | 'down' | 'disabled';

/** /health: the store answers a ping and every registered listener is up. */
export function healthProbe(store: Store, registry: ListenerRegistry): () => Promise<HealthReport> {
  return async () => {
    const storeStatus: ComponentStatus = await store.ping().then(
      () => 'ok',
      () => 'down',
    );
    const listeners: Record<string, ComponentStatus> = {};
    for (const listener of registry.status()) {
      listeners[listener.name] =
        listener.state === 'up' ? 'ok' : listener.state === 'starting' ? 'starting' : 'down';
    }
    const isOk = storeStatus === 'ok' && Object.values(listeners).every((state) => state === 'ok');
    return { status: isOk ? 'ok' : 'degraded', components: { store: storeStatus, listeners } };
  };
}

function fastifyListener(
  name: string,
  host: string,
  port: number,
  app: ReturnType<typeof buildHttpApp>,
  tls: boolean,
): Listener {
  return {
    name,
    host,
    port,
    tls: tls ? 'implicit' : 'none',
    start: async () => {
      await app.listen({ port, host });
    },
    // Fastify's close stops accepting, waits for in-flight requests and drops idle keep-alives.
    stop: () => app.close(),
    boundPort: () => {
      const address = app.server.address();
      return address !== null && typeof address === 'object' ? address.port : null;
    },
  };
}

/** Registers the enabled HTTP(S) listeners; all share one metrics registry and health probe. */
/** The built webmail (`npm run build:webmail`), if present. */
function webmailDir(): string | null {
  const dir = fileURLToPath(new URL('../../webmail/dist', import.meta.url));
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

export function registerHttpListeners(
  config: Config,
  registry: ListenerRegistry,
  deps: { services: Services; tls: TlsManager; logger: Logger },
): HttpMetrics {
  const { services } = deps;
  const metrics = createMetrics();
  const health = healthProbe(services.store, registry);
  const { http, https } = config.listeners;
  // One JMAP instance for both ports: sessions and scheduled sends are shared.
  const jmap = jmapPlugin({
    directory: services.directory,
    mail: services.mail,
    model: services.jmapModel,
    delivery: services.delivery,
    clock: systemClock,
    logger: deps.logger,
    imageProxy: { allowPrivateNetworks: config.imageProxyPrivateNetworks },
  });
  const shared = { health, metrics, plugins: [jmap], webmailDir: webmailDir() };
  if (http.enabled) {
    const app = buildHttpApp({ ...shared, isTls: false });
    registry.register(fastifyListener('http', config.host, http.port, app, false));
  }
  if (https.enabled) {
    const app = buildHttpApp({ ...shared, isTls: true, https: deps.tls.serverOptions() });
    registry.register(fastifyListener('https', config.host, https.port, app, true));
    deps.tls.attach(app.server as unknown as TlsServer);
  }
  return metrics;
}
