// One SMTP listener (MX, submission with STARTTLS, or submissions with implicit TLS) on top of
// smtp-server: the protocol layer is the library's; every decision is the delivery service's.
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerOptions,
  type SMTPServerSession,
} from 'smtp-server';
import { createServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '@chasqui/core';
import type { DeliveryService } from '@chasqui/delivery';
import type { DirectoryService } from '@chasqui/directory';
import {
  createServerListener,
  isTrustedPeer,
  readProxyHeader,
  toV1Line,
  type Listener,
  type TlsManager,
  type TlsMode,
} from '@chasqui/net';
import { ConnectionGuard, type GuardLimits } from './connection-guard.js';
import { readMessage } from './read-message.js';
import { envelopeOf, sessionInfo } from './session-info.js';
import { hasEnhancedCode, replyForError, replyForRefusal, smtpReply } from './smtp-reply.js';

export interface SmtpListenerConfig {
  readonly name: string;
  readonly entry: 'mx' | 'submission';
  readonly tls: TlsMode;
  readonly host: string;
  readonly port: number;
  readonly hostname: string;
  readonly maxMessageBytes: number;
  readonly maxRecipients: number;
  readonly maxClients: number;
  readonly socketTimeoutMs: number;
  /** AUTH before TLS: only for development on loopback. */
  readonly allowPlainAuth: boolean;
  /** Load balancers whose PROXY header is trusted. */
  readonly trustedProxies: readonly string[];
  readonly reverseDns: boolean;
  readonly guard: GuardLimits;
  /** Hold the greeting 100 ms and refuse clients that talk first (MX spam defence); default off. */
  readonly greetingPause?: boolean;
}

export interface SmtpDeps {
  readonly directory: DirectoryService;
  readonly delivery: DeliveryService;
  readonly tls: TlsManager;
  readonly logger: Logger;
}

type SmtpConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/**
 * Two adjustments to smtp-server's connections: replies keep our own enhanced codes (it derives
 * them from the basic code alone, and 5.7.1 is not 5.1.1), and the greeting goes out at once
 * unless `greetingPause` asks for its fixed 100 ms early-talker pause (MX spam defence).
 */
class ChasquiSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly greetingPause: boolean,
  ) {
    super(options);
  }

  override connect(socket: Socket | TLSSocket, socketOptions?: Parameters<SMTPServer['connect']>[1]): void {
    const connection = this.capture(() => {
      super.connect(socket, socketOptions);
    });
    if (!connection) return;
    const send = connection.send.bind(connection);
    connection.send = (code, data, context) => {
      send(code, data, hasEnhancedCode(data) ? false : context);
    };
    if (!this.greetingPause && !connection.needsUpgrade && !connection._closing) greetNow(connection);
  }

  /** The connection `connect` adds, without copying the whole set to find it. */
  private capture(work: () => void): SmtpConnection | undefined {
    let added: SmtpConnection | undefined;
    const add = this.connections.add.bind(this.connections);
    this.connections.add = (connection) => {
      added = connection;
      return add(connection);
    };
    try {
      work();
    } finally {
      Reflect.deleteProperty(this.connections, 'add');
    }
    return added;
  }
}

/** Greets now; the library's own timer then finds the greeting done and does nothing. */
function greetNow(connection: SmtpConnection): void {
  const ready = connection.connectionReady.bind(connection);
  let greeted = false;
  connection.connectionReady = (next) => {
    if (greeted) return;
    greeted = true;
    ready(next);
  };
  connection.connectionReady();
}

function callbackOf(work: () => Promise<void>, done: (error?: Error | null) => void): void {
  work().then(
    () => {
      done(null);
    },
    (error: unknown) => {
      done(error instanceof Error && 'responseCode' in error ? error : replyForError(error));
    },
  );
}

function serverOptions(config: SmtpListenerConfig, deps: SmtpDeps): SMTPServerOptions {
  const tls = deps.tls.serverOptions();
  return {
    name: config.hostname,
    banner: 'Chasqui',
    secure: config.tls === 'implicit',
    key: tls.key,
    cert: tls.cert,
    SNICallback: tls.SNICallback,
    size: config.maxMessageBytes,
    maxClients: config.maxClients,
    socketTimeout: config.socketTimeoutMs,
    closeTimeout: 30_000,
    maxRecipients: config.maxRecipients,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    hideREQUIRETLS: true,
    hideSTARTTLS: config.tls !== 'starttls',
    disabledCommands: config.entry === 'mx' ? ['AUTH'] : config.tls === 'starttls' ? [] : ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: config.entry === 'mx',
    allowInsecureAuth: config.allowPlainAuth,
    disableReverseLookup: !config.reverseDns,
    useProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    logger: false,
  };
}

type Hooks = Pick<
  SMTPServerOptions,
  'onConnect' | 'onClose' | 'onAuth' | 'onMailFrom' | 'onRcptTo' | 'onData'
>;

function declaredSize(session: SMTPServerSession): number {
  const args = session.envelope.mailFrom === false ? false : session.envelope.mailFrom.args;
  return args === false ? 0 : Number((args as Record<string, string | undefined>).SIZE ?? 0) || 0;
}

async function acceptData(
  config: SmtpListenerConfig,
  deps: SmtpDeps,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<string> {
  const { raw, tooLarge } = await readMessage(stream, config.maxMessageBytes);
  if (tooLarge) throw smtpReply(552, '5.3.4', `Message exceeds the ${config.maxMessageBytes} byte limit`);
  const result = await deps.delivery.deliver(sessionInfo(session, config.entry), envelopeOf(session), raw);
  if (result.refusal) throw replyForRefusal(result.refusal);
  return `Ok: queued as ${result.logId ?? session.id}`;
}

function hooks(config: SmtpListenerConfig, deps: SmtpDeps): Hooks {
  const guard = new ConnectionGuard(config.guard);
  const info = (session: SMTPServerSession) => sessionInfo(session, config.entry);
  return {
    onConnect(session, done) {
      try {
        guard.admit(session.remoteAddress);
        done(null);
      } catch (error) {
        done(replyForError(error));
      }
    },
    onClose(session) {
      guard.release(session.remoteAddress);
    },
    onAuth(auth, session, done) {
      const request = {
        username: auth.username ?? '',
        password: auth.password ?? '',
        protocol: 'smtp' as const,
        remoteIp: session.remoteAddress,
      };
      deps.directory.authenticate(request).then(
        (account) => {
          done(null, { user: account });
        },
        (error: unknown) => {
          done(replyForError(error));
        },
      );
    },
    onMailFrom(address, session, done) {
      callbackOf(() => deps.delivery.checkSender(info(session), address.address), done);
    },
    onRcptTo(address, session, done) {
      const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
      callbackOf(
        () =>
          deps.delivery.checkRecipient(info(session), mailFrom, address.address, {
            declaredSize: declaredSize(session),
            recipientsSoFar: session.envelope.rcptTo.length,
          }),
        done,
      );
    },
    onData(stream, session, done) {
      acceptData(config, deps, stream, session).then(
        (message) => {
          done(null, message);
        },
        (error: unknown) => {
          if (!(error instanceof Error && 'responseCode' in error)) {
            deps.logger.error({ err: error, session: session.id }, 'smtp.data_failed');
          }
          done(error instanceof Error && 'responseCode' in error ? error : replyForError(error));
        },
      );
    },
  };
}

/**
 * The socket we listen on. smtp-server reads only PROXY v1, so a v2 header from a trusted
 * balancer is read here and handed on as the equivalent v1 line; other peers pass untouched.
 */
function frontServer(config: SmtpListenerConfig, smtp: SMTPServer, logger: Logger): Server {
  return createServer({ pauseOnConnect: true }, (socket) => {
    if (!isTrustedPeer(socket.remoteAddress, config.trustedProxies)) {
      smtp.server.emit('connection', socket);
      return;
    }
    socket.resume();
    readProxyHeader(socket).then(
      (header) => {
        socket.unshift(Buffer.from(toV1Line(header)));
        smtp.server.emit('connection', socket);
      },
      (error: unknown) => {
        logger.warn(
          { err: error, peer: socket.remoteAddress, listener: config.name },
          'smtp.proxy_header_refused',
        );
        socket.destroy();
      },
    );
  });
}

export function createSmtpListener(config: SmtpListenerConfig, deps: SmtpDeps): Listener {
  const server = new ChasquiSmtpServer(
    { ...serverOptions(config, deps), ...hooks(config, deps) },
    config.greetingPause ?? false,
  );
  server.on('error', (error: Error) => {
    deps.logger.warn({ err: error, listener: config.name }, 'smtp.connection_error');
  });
  return createServerListener({
    name: config.name,
    host: config.host,
    port: config.port,
    tls: config.tls,
    server: frontServer(config, server, deps.logger),
    // smtp-server waits for the transactions in flight (up to closeTimeout) before closing them.
    drain: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  });
}
