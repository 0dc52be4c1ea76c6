// The POP3 listeners: 110-style with STLS and 995-style with implicit TLS.
import type { Logger } from '@chasqui/core';
import type { ListenerRegistry, TlsManager, TlsMode } from '@chasqui/net';
import { createPop3Listener } from '@chasqui/pop3';
import type { Config } from './config/load-config.js';
import { isLoopback } from './imap-listeners.js';
import type { Services } from './services.js';

const pop3Listeners = [
  { name: 'pop3', tls: 'starttls' },
  { name: 'pop3s', tls: 'implicit' },
] as const satisfies readonly { name: keyof Config['listeners']; tls: TlsMode }[];

export function registerPop3Listeners(
  config: Config,
  registry: ListenerRegistry,
  deps: { services: Services; tls: TlsManager; logger: Logger },
): void {
  for (const { name, tls } of pop3Listeners) {
    const { port, enabled } = config.listeners[name];
    if (!enabled) continue;
    registry.register(
      createPop3Listener(
        {
          name,
          tls,
          host: config.host,
          port,
          hostname: config.hostname,
          maxClients: 5_000,
          allowPlaintextAuth: config.mode === 'development' && isLoopback(config.host),
          trustedProxies: config.smtp.trustedProxies,
        },
        { directory: deps.services.directory, mail: deps.services.mail, tls: deps.tls, logger: deps.logger },
      ),
    );
  }
}
