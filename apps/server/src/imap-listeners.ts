// The IMAP listeners: 143-style with STARTTLS and 993-style with implicit TLS.
import type { Logger } from '@chasqui/core';
import { createImapListener } from '@chasqui/imap';
import type { ListenerRegistry, TlsManager, TlsMode } from '@chasqui/net';
import type { Config } from './config/load-config.js';
import type { Services } from './services.js';

const imapListeners = [
  { name: 'imap', tls: 'starttls' },
  { name: 'imaps', tls: 'implicit' },
] as const satisfies readonly { name: keyof Config['listeners']; tls: TlsMode }[];

/** A listen address only this machine can reach (plaintext login allowed in development). */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export function registerImapListeners(
  config: Config,
  registry: ListenerRegistry,
  deps: { services: Services; tls: TlsManager; logger: Logger },
): void {
  for (const { name, tls } of imapListeners) {
    const { port, enabled } = config.listeners[name];
    if (!enabled) continue;
    registry.register(
      createImapListener(
        {
          name,
          tls,
          host: config.host,
          port,
          hostname: config.hostname,
          maxClients: 20_000,
          maxMessageBytes: config.smtp.maxMessageBytes,
          allowPlaintextAuth: config.mode === 'development' && isLoopback(config.host),
        },
        // The one MailService of the process: IDLE hears what delivery stores through it.
        { directory: deps.services.directory, mail: deps.services.mail, tls: deps.tls, logger: deps.logger },
      ),
    );
  }
}
