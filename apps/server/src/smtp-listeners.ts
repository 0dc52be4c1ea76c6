// The SMTP listeners (MX, submission, submissions) and the outbound queue worker.
import { MtaStsCache, QueueWorker, TlsReporter } from '@chasqui/delivery';
import { primaryDomainOf } from './bootstrap.js';
import { systemClock, type Logger } from '@chasqui/core';
import type { ListenerRegistry, TlsManager, TlsMode } from '@chasqui/net';
import { createSmtpListener } from '@chasqui/smtp';
import type { Config } from './config/load-config.js';
import { isLoopback } from './imap-listeners.js';
import type { Services } from './services.js';

const smtpListeners = [
  { name: 'smtp', entry: 'mx', tls: 'starttls' },
  { name: 'submission', entry: 'submission', tls: 'starttls' },
  { name: 'submissions', entry: 'submission', tls: 'implicit' },
] as const satisfies readonly { name: keyof Config['listeners']; entry: string; tls: TlsMode }[];

export function registerSmtpListeners(
  config: Config,
  registry: ListenerRegistry,
  deps: { services: Services; tls: TlsManager; logger: Logger },
): void {
  const { smtp } = config;
  for (const { name, entry, tls } of smtpListeners) {
    const { port, enabled } = config.listeners[name];
    if (!enabled) continue;
    registry.register(
      createSmtpListener(
        {
          name,
          entry,
          tls,
          host: config.host,
          port,
          hostname: config.hostname,
          maxMessageBytes: smtp.maxMessageBytes,
          maxRecipients: smtp.maxRecipients,
          maxClients: smtp.maxClients,
          socketTimeoutMs: smtp.timeoutMs,
          allowPlainAuth: config.mode === 'development' && isLoopback(config.host),
          trustedProxies: smtp.trustedProxies,
          reverseDns: smtp.reverseDns,
          guard: {
            maxConnectionsPerIp: smtp.maxConnectionsPerIp,
            maxConnectionRatePerMinute: smtp.maxConnectionRatePerMinute,
          },
        },
        {
          directory: deps.services.directory,
          delivery: deps.services.delivery,
          tls: deps.tls,
          logger: deps.logger,
        },
      ),
    );
  }
}

/** TLS-RPT: sessions counted as the queue delivers; reports mailed once a day. */
export function createTlsReporter(config: Config, services: Services, logger: Logger): TlsReporter {
  const domain = primaryDomainOf(config.hostname);
  return new TlsReporter({
    store: services.store,
    clock: systemClock,
    logger,
    identity: { organization: domain, contact: `postmaster@${domain}`, reportingDomain: domain },
    send: (raw, recipient) => services.delivery.sendGenerated(raw, recipient),
  });
}

export function createQueueWorker(
  config: Config,
  services: Services,
  logger: Logger,
  reporter: TlsReporter,
): QueueWorker {
  const { delivery } = config;
  const worker = new QueueWorker({
    store: services.store,
    clock: systemClock,
    logger,
    heloName: config.hostname,
    destinations: { routes: delivery.routes, smartHost: delivery.smartHost },
    mtaSts: new MtaStsCache({ enabled: delivery.mtaSts, logger }),
    timeoutMs: 30_000,
    retry: {
      firstDelayMs: delivery.retryFirstMs,
      maxDelayMs: delivery.retryMaxMs,
      maxAgeMs: delivery.maxAgeMs,
      warnAfterMs: delivery.warnAfterMs,
    },
    perDomainConcurrency: delivery.perDomainConcurrency,
    batchSize: 50,
    pollMs: 30_000,
    sendGenerated: (raw, recipient) => services.delivery.sendGenerated(raw, recipient),
    onTlsSession: (domain, mxHost, policy, result) => {
      void reporter.record(domain, mxHost, policy, result);
    },
  });
  services.delivery.onQueued(() => {
    worker.wake();
  });
  return worker;
}
