// One POP3 listener: port 110-style (plaintext, STLS offered, RFC 2595) or 995-style (implicit
// TLS, RFC 8314). PROXY protocol v1/v2 from trusted balancers, bounded connections, and the
// RFC 1939 §3 autologout (10 minutes) once logged in.
import { createServer, type Server, type Socket } from 'node:net';
import { systemClock, type Clock, type Logger } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import {
  acceptServerTls,
  createServerListener,
  isTrustedPeer,
  readProxyHeader,
  type Listener,
  type TlsManager,
  type TlsMode,
} from '@chasqui/net';
import { errLine } from '../proto/index.js';
import { gatesFor } from '../session/account-gates.js';
import { Pop3Connection } from '../session/connection.js';
import type { ServerTlsSource } from '../session/server-tls.js';
import { sizeCacheFor } from '../session/size-cache.js';
import type { SessionSettings } from '../session/session-api.js';
import { Pop3Session, type SessionDeps, type SessionLimits } from '../session/session.js';

export interface Pop3ListenerConfig {
  /** Listener name for the registry and /health ("pop3", "pop3s"). */
  readonly name: string;
  /** 'starttls' (110, STLS offered), 'implicit' (995), or 'none' (plaintext only). */
  readonly tls: TlsMode;
  readonly host: string;
  /** 0 lets the system pick (tests). */
  readonly port: number;
  /** Shown in the greeting and the QUIT reply. */
  readonly hostname: string;
  /** Simultaneous connections on this listener; more are refused with -ERR [SYS/TEMP]. */
  readonly maxClients: number;
  /** USER/PASS and AUTH without TLS: development on loopback only. */
  readonly allowPlaintextAuth: boolean;
  /** Balancers whose connections start with a PROXY v1/v2 header ('*' for any peer). */
  readonly trustedProxies?: readonly string[];
  /** Inactivity timeout once logged in; RFC 1939 §3 asks for at least 10 minutes. */
  readonly idleTimeoutMs?: number;
  /** Inactivity timeout before login (and for the TLS handshake). */
  readonly preAuthTimeoutMs?: number;
  /** Longest command line, CRLF excluded (RFC 2449 §4: 255). */
  readonly maxLineBytes?: number;
  /** Bad commands tolerated before the connection is closed. */
  readonly maxBadCommands?: number;
  /** Refuse a second POP3 session of an account with -ERR [IN-USE] (default true). */
  readonly exclusiveMaildrop?: boolean;
  /** RFC 2449 LOGIN-DELAY: least seconds between two logins of an account (default none). */
  readonly loginDelaySeconds?: number;
}

export interface Pop3Deps {
  readonly directory: DirectoryService;
  /** The process's one MailService: QUIT's expunges reach IMAP sessions through its notifier. */
  readonly mail: MailService;
  readonly tls: TlsManager;
  readonly logger: Logger;
  /** For LOGIN-DELAY; the system clock by default. */
  readonly clock?: Clock;
}

const tenMinutes = 10 * 60_000;
/** SASL responses are not commands: RFC 5034 lets them pass the 255-octet limit. */
const saslLineBytes = 8192;

function sessionLimits(config: Pop3ListenerConfig): SessionLimits {
  return {
    maxLineBytes: config.maxLineBytes ?? 255,
    preAuthTimeoutMs: config.preAuthTimeoutMs ?? 60_000,
    idleTimeoutMs: config.idleTimeoutMs ?? tenMinutes,
    maxBadCommands: config.maxBadCommands ?? 10,
    isExclusive: config.exclusiveMaildrop ?? true,
  };
}

function tlsSource(tls: TlsManager): ServerTlsSource {
  return () => ({
    secureContext: tls.contextFor(undefined),
    SNICallback: (name, done) => {
      done(null, tls.contextFor(name));
    },
  });
}

class Pop3Server {
  readonly server: Server;
  private readonly sessions = new Set<Pop3Session>();
  /** Accepted sockets not yet serving a session (PROXY header or TLS handshake pending). */
  private readonly pending = new Set<Socket>();
  private connections = 0;
  private readonly limits: SessionLimits;
  private readonly settings: SessionSettings;
  private readonly sessionDeps: SessionDeps;

  constructor(
    private readonly config: Pop3ListenerConfig,
    private readonly deps: Pop3Deps,
  ) {
    this.limits = sessionLimits(config);
    this.settings = {
      hostname: config.hostname,
      allowPlaintextAuth: config.allowPlaintextAuth,
      offersStls: config.tls === 'starttls',
      loginDelaySeconds: config.loginDelaySeconds ?? null,
    };
    this.sessionDeps = {
      mail: deps.mail,
      directory: deps.directory,
      logger: deps.logger,
      tls: tlsSource(deps.tls),
      gates: gatesFor(deps.mail, deps.clock ?? systemClock),
      sizes: sizeCacheFor(deps.mail),
    };
    this.server = createServer((socket) => {
      this.accept(socket);
    });
    this.server.on('error', (error) => {
      deps.logger.warn({ err: error, listener: config.name }, 'pop3.server_error');
    });
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    if (this.connections >= this.config.maxClients) {
      socket.end(errLine('Too many connections; try again later', 'SYS/TEMP'));
      return;
    }
    this.connections++;
    this.pending.add(socket);
    socket.once('close', () => {
      this.connections--;
      this.pending.delete(socket);
    });
    this.serve(socket).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, listener: this.config.name }, 'pop3.session_failed');
      socket.destroy();
    });
  }

  /** PROXY header, then TLS for implicit listeners, then the session until it ends. */
  private async serve(socket: Socket): Promise<void> {
    const remoteAddress = await this.peerAddress(socket);
    if (remoteAddress === null) return;
    const isTls = this.config.tls === 'implicit';
    const stream = isTls
      ? await acceptServerTls(socket, this.sessionDeps.tls(), this.limits.preAuthTimeoutMs)
      : socket;
    if (stream === null) return;
    this.pending.delete(socket);
    const connection = new Pop3Connection(stream, remoteAddress, isTls, {
      maxLineBytes: Math.max(this.limits.maxLineBytes, saslLineBytes),
      timeoutMs: this.limits.preAuthTimeoutMs,
    });
    const session = new Pop3Session(connection, this.settings, this.limits, this.sessionDeps);
    this.sessions.add(session);
    try {
      await session.run();
    } finally {
      this.sessions.delete(session);
    }
  }

  /** The client's address: the socket's, or the one a trusted balancer's PROXY header names. */
  private async peerAddress(socket: Socket): Promise<string | null> {
    const peer = socket.remoteAddress ?? '';
    if (!isTrustedPeer(socket.remoteAddress, this.config.trustedProxies ?? [])) return peer;
    try {
      const header = await readProxyHeader(socket);
      return header.command === 'proxy' && header.source !== null ? header.source.address : peer;
    } catch (error) {
      this.deps.logger.warn({ err: error, peer, listener: this.config.name }, 'pop3.proxy_header_refused');
      socket.destroy();
      return null;
    }
  }

  /** Tells every session and closes it (the listener has stopped accepting). */
  async drain(): Promise<void> {
    for (const socket of this.pending) socket.destroy();
    await Promise.all([...this.sessions].map((session) => session.shutdown().catch(() => undefined)));
  }
}

/** A POP3 listener for the composition root's registry. */
export function createPop3Listener(config: Pop3ListenerConfig, deps: Pop3Deps): Listener {
  const pop3 = new Pop3Server(config, deps);
  return createServerListener({
    name: config.name,
    host: config.host,
    port: config.port,
    tls: config.tls,
    server: pop3.server,
    drain: () => pop3.drain(),
  });
}
