// `chasqui serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully (exit 0).
import { loadConfig } from '../config/load-config.js';
import { startServer, type RunningServer } from '../compose.js';
import { createLogger } from '../logger.js';
import { environmentWith, parseVerbArguments } from './arguments.js';
import type { Verb } from './verb.js';

/** How long in-flight requests may take to finish after a stop signal. */
const shutdownTimeoutMs = 10_000;

export const serveVerb: Verb = {
  name: 'serve',
  summary: 'run the mail server',
  usage: 'chasqui serve [--data DIR] [--config FILE]',
  async run(args) {
    const parsed = parseVerbArguments(args);
    const configFile = typeof parsed.values['config'] === 'string' ? parsed.values['config'] : undefined;
    const env = environmentWith(parsed.values);
    const config = loadConfig({ file: configFile, env });
    const logger = createLogger(config.logLevel, 'stdout');
    // Handlers go in before anything starts: until a listener exists, SIGTERM would kill the
    // process outright, and a stop asked for during start-up is honoured once start-up ends.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    const running: { server?: RunningServer } = {};
    // SIGHUP (systemctl reload) re-reads the certificates; it must not end the process.
    process.on('SIGHUP', () => {
      running.server?.reloadTls();
    });
    const server = await startServer({
      config,
      logger,
      adminPassword: env['CHASQUI_ADMIN_PASSWORD'],
      announce: (text) => process.stdout.write(text),
    });
    running.server = server;
    const signal = await stopSignal;
    logger.info({ signal }, 'server.signal');
    await server.stop(shutdownTimeoutMs);
    return 0;
  },
};
