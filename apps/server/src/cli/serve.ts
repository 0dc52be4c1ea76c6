// `chasqui serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully (exit 0).
// With `--workers N` (server.workers) a primary process forks N workers that share the ports.
import cluster from 'node:cluster';
import { systemClock, type Logger } from '@chasqui/core';
import { RelayedMailNotifier } from '@chasqui/mail';
import { ClusterAuthLimiter } from '../cluster/cluster-limiter.js';
import { clusterRelay } from '../cluster/cluster-notifier.js';
import { primaryChannel } from '../cluster/messages.js';
import { runPrimary } from '../cluster/primary.js';
import { loadConfig, type Config } from '../config/load-config.js';
import { startServer, type RunningServer, type WorkerParts } from '../compose.js';
import { createLogger } from '../logger.js';
import { environmentWith, parseVerbArguments } from './arguments.js';
import type { Verb } from './verb.js';

/** How long in-flight requests may take to finish after a stop signal. */
const shutdownTimeoutMs = 10_000;

interface ServeContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly stopSignal: Promise<NodeJS.Signals | 'disconnect'>;
}

/** Runs every listener in this process (alone, or as one cluster worker) until told to stop. */
async function serveHere(context: ServeContext, worker?: WorkerParts): Promise<number> {
  const { config, logger } = context;
  const running: { server?: RunningServer } = {};
  // SIGHUP (systemctl reload) re-reads the certificates; it must not end the process.
  process.on('SIGHUP', () => {
    running.server?.reloadTls();
  });
  const server = await startServer({
    config,
    logger,
    adminPassword: context.env['CHASQUI_ADMIN_PASSWORD'],
    announce: (text) => process.stdout.write(text),
    ...(worker === undefined ? {} : { worker }),
  });
  running.server = server;
  if (worker !== undefined) primaryChannel().send({ type: 'chasqui:ready' });
  const signal = await context.stopSignal;
  logger.info({ signal }, 'server.signal');
  await server.stop(shutdownTimeoutMs);
  return 0;
}

function workerParts(config: Config): WorkerParts {
  const channel = primaryChannel();
  const limiter = new ClusterAuthLimiter(channel, systemClock);
  // On PostgreSQL every process already hears every node's changes through the database.
  if (config.store.backend === 'postgres') return { limiter };
  return { notifier: new RelayedMailNotifier(clusterRelay(channel)), limiter };
}

export const serveVerb: Verb = {
  name: 'serve',
  summary: 'run the mail server',
  usage: 'chasqui serve [--data DIR] [--config FILE] [--workers N]',
  async run(args) {
    const parsed = parseVerbArguments(args, { workers: { type: 'string' } });
    const configFile = typeof parsed.values['config'] === 'string' ? parsed.values['config'] : undefined;
    const env = environmentWith(parsed.values);
    if (typeof parsed.values['workers'] === 'string') env['CHASQUI_WORKERS'] = parsed.values['workers'];
    const config = loadConfig({ file: configFile, env });
    const logger = createLogger(config.logLevel, 'stdout');
    // Handlers go in before anything starts: until a listener exists, SIGTERM would kill the
    // process outright, and a stop asked for during start-up is honoured once start-up ends.
    // A worker also stops when its primary is gone (the IPC channel closes).
    const stopSignal = new Promise<NodeJS.Signals | 'disconnect'>((resolve) => {
      // `on`, not `once`: a second signal (Ctrl-C reaches a whole process group, and a
      // cluster primary passes SIGTERM on) must not fall back to the default and kill.
      process.on('SIGTERM', resolve);
      process.on('SIGINT', resolve);
      if (cluster.isWorker)
        process.once('disconnect', () => {
          resolve('disconnect');
        });
    });
    if (cluster.isWorker) {
      const index = env['CHASQUI_WORKER_INDEX'] ?? '?';
      return serveHere(
        { config, logger: logger.child({ worker: index }), env, stopSignal },
        workerParts(config),
      );
    }
    if (config.workers > 1) {
      return runPrimary({
        config,
        logger,
        adminPassword: env['CHASQUI_ADMIN_PASSWORD'],
        announce: (text) => process.stdout.write(text),
        stopSignal: stopSignal as Promise<NodeJS.Signals>,
        shutdownTimeoutMs,
      });
    }
    return serveHere({ config, logger, env, stopSignal });
  },
};
