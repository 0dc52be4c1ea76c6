// The composition root (ARCHITECTURE.md §1, §8): configuration → logger → store → services →
// TLS → listeners, and the reverse on shutdown. The only place that wires concrete parts.
import { join } from 'node:path';
import type { Logger } from '@chasqui/core';
import type { TlsReporter } from '@chasqui/delivery';
import type { AuthLimiter } from '@chasqui/directory';
import type { MailNotifier } from '@chasqui/mail';
import { ListenerRegistry, TlsManager } from '@chasqui/net';
import { bootstrapFirstStart, formatAdminBanner } from './bootstrap.js';
import type { Config } from './config/load-config.js';
import { registerHttpListeners } from './http-listeners.js';
import { openServices, type Services } from './services.js';
import { registerImapListeners } from './imap-listeners.js';
import { registerPop3Listeners } from './pop3-listeners.js';
import { createQueueWorker, createTlsReporter, registerSmtpListeners } from './smtp-listeners.js';

/** Listeners whose protocol front-ends arrive in later work: configured and validated, not bound yet. */
const pendingProtocols = ['sieve'] as const;

/** A started server. */
export interface RunningServer {
  readonly services: Services;
  readonly listeners: ListenerRegistry;
  /** Stops accepting, waits up to `timeoutMs` for in-flight work, closes the store. */
  stop(timeoutMs?: number): Promise<void>;
  /** Re-reads the TLS files now (SIGHUP), besides the automatic reload on change. */
  reloadTls(): void;
}

export interface StartOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** CHASQUI_ADMIN_PASSWORD, used only on first start. */
  readonly adminPassword?: string | undefined;
  /** Where the one-time administrator banner goes (stdout for `serve`). */
  readonly announce: (text: string) => void;
  /** Set in a worker of `serve --workers N`: the primary bootstrapped, and shares these. */
  readonly worker?: WorkerParts;
}

/** What a cluster worker gets from its primary instead of making its own. */
export interface WorkerParts {
  /** Absent on PostgreSQL, whose broadcast already reaches every process. */
  readonly notifier?: MailNotifier;
  readonly limiter: AuthLimiter;
}

/** Sends the TLS-RPT reports that are due, on one process of the whole deployment at a time. */
async function sendTlsReportsOnce(services: Services, reporter: TlsReporter): Promise<void> {
  const release = await services.mail.locks.tryLock('tlsrpt:send');
  if (release === null) return;
  try {
    await reporter.sendDue();
  } finally {
    release();
  }
}

export async function openTls(config: Config, logger: Logger): Promise<TlsManager> {
  if (config.tlsCertificates.length > 0) return TlsManager.fromFiles(config.tlsCertificates, logger);
  // Production refuses to start without real certificates; development makes its own.
  if (config.mode === 'production') throw new Error('tls.certificates must be configured in production mode');
  return TlsManager.selfSigned(join(config.dataDir, 'tls'), config.hostname, logger);
}

async function withTimeout(work: Promise<void>, timeoutMs: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, timeoutMs);
  });
  await Promise.race([work, expired]);
  clearTimeout(timer);
}

/** Every protocol front-end on its configured ports; ManageSieve arrives later. */
function registerListeners(
  config: Config,
  registry: ListenerRegistry,
  deps: { services: Services; tls: TlsManager; logger: Logger },
): void {
  registerHttpListeners(config, registry, deps);
  registerSmtpListeners(config, registry, deps);
  registerImapListeners(config, registry, deps);
  registerPop3Listeners(config, registry, deps);
  for (const name of pendingProtocols) {
    const { port, enabled } = config.listeners[name];
    if (enabled) deps.logger.info({ listener: name, port }, 'listener.pending');
  }
}

/** Builds and starts everything; on a failure, what was opened is closed again and the error rethrown. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const services = await openServices(config, logger, options.worker);
  await services.mail.notifier.ready?.();
  const registry = new ListenerRegistry();
  let stopWatching = (): void => undefined;
  let tls: TlsManager;
  const reporter = createTlsReporter(config, services, logger);
  const worker = createQueueWorker(config, services, logger, reporter);
  // TLS-RPT reports of finished days go out within the hour after midnight UTC.
  const reports = setInterval(() => {
    sendTlsReportsOnce(services, reporter).catch((error: unknown) => {
      logger.warn({ err: error }, 'tlsrpt.send_failed');
    });
  }, 3_600_000);
  reports.unref();
  try {
    // In a cluster the primary bootstrapped before forking; workers find it done.
    if (options.worker === undefined) {
      const created = await bootstrapFirstStart(services, config, options.adminPassword, logger);
      if (created !== null) options.announce(formatAdminBanner(created));
    }
    tls = await openTls(config, logger);
    stopWatching = tls.watch();
    registerListeners(config, registry, { services, tls, logger });
    await registry.startAll();
    worker.start();
  } catch (error) {
    clearInterval(reports);
    stopWatching();
    await services.store.close();
    throw error;
  }
  logger.info(
    { listeners: registry.status(), dataDir: config.dataDir, backend: services.store.backend },
    'server.ready',
  );
  return {
    services,
    listeners: registry,
    reloadTls: () => {
      tls.reload();
    },
    async stop(timeoutMs = 10_000) {
      logger.info({}, 'server.stopping');
      clearInterval(reports);
      await withTimeout(
        Promise.all([registry.stopAll(), worker.stop()]).then(() => undefined),
        timeoutMs,
        () => {
          logger.warn({ timeoutMs }, 'server.stop_timeout');
        },
      );
      stopWatching();
      // Vacation replies still being sent finish before the store they record into closes.
      await services.delivery.drain();
      await services.store.close();
      logger.info({}, 'server.stopped');
    },
  };
}
