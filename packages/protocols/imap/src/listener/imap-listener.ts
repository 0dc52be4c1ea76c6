// One IMAP listener: port 143-style (plaintext, STARTTLS offered) or 993-style (implicit TLS,
// RFC 8314). Bounded connections, reader limits raised after login, 30-minute autologout.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import {
  acceptServerTls,
  createServerListener,
  type Listener,
  type TlsManager,
  type TlsMode,
} from '@chasqui/net';
import { ImapConnection } from '../session/connection.js';
import { ImapSession, type SessionDeps, type SessionLimits } from '../session/session.js';
import type { SessionSettings } from '../session/session-api.js';

export interface ImapListenerConfig {
  /** Listener name for the registry and /health ("imap", "imaps"). */
  readonly name: string;
  /** 'starttls' (143), 'implicit' (993), or 'none' (plaintext only, e.g. behind a TLS proxy). */
  readonly tls: TlsMode;
  readonly host: string;
  /** 0 lets the system pick (tests). */
  readonly port: number;
  /** Shown in the greeting. */
  readonly hostname: string;
  /** Simultaneous connections on this listener; more are greeted with BYE. */
  readonly maxClients: number;
  /** Largest APPEND, in octets (advertised as APPENDLIMIT). */
  readonly maxMessageBytes: number;
  /** LOGIN/AUTHENTICATE without TLS: development on loopback only. */
  readonly allowPlaintextAuth: boolean;
  /** Inactivity timeout once logged in; RFC 9051 §5.4 asks for at least 30 minutes. */
  readonly idleTimeoutMs?: number;
  /** Inactivity timeout before login. */
  readonly preAuthTimeoutMs?: number;
  /** Longest command line before login, and after. */
  readonly maxLineBytes?: number;
  readonly maxAuthenticatedLineBytes?: number;
}

export interface ImapDeps {
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly tls: TlsManager;
  readonly logger: Logger;
}

const thirtyMinutes = 30 * 60_000;

function sessionLimits(config: ImapListenerConfig): SessionLimits {
  return {
    authenticatedLineLength: config.maxAuthenticatedLineBytes ?? 1024 * 1024,
    authenticatedLiteralSize: config.maxMessageBytes,
    preAuthTimeoutMs: config.preAuthTimeoutMs ?? 60_000,
    idleTimeoutMs: config.idleTimeoutMs ?? thirtyMinutes,
    maxSequenceItems: 100_000,
  };
}

/** Limits before login: short lines, small literals (RFC 7888 LITERAL-). */
function preAuthReaderLimits(config: ImapListenerConfig) {
  const line = config.maxLineBytes ?? 8192;
  return {
    maxLineLength: line,
    maxLiteralSize: line,
    maxNonSyncLiteralSize: line,
    maxCommandSize: line * 4,
    maxLiterals: 8,
    maxDiscardSize: 1024 * 1024,
  };
}

class ImapServer {
  readonly server: Server;
  private readonly sessions = new Set<ImapSession>();
  private readonly limits: SessionLimits;
  /** Shared by every session of the listener (not an object and closure per session). */
  private readonly sessionSettings: SessionSettings;
  private readonly sessionDeps: SessionDeps;

  constructor(
    private readonly config: ImapListenerConfig,
    private readonly deps: ImapDeps,
  ) {
    this.limits = sessionLimits(config);
    this.sessionSettings = {
      hostname: config.hostname,
      allowPlaintextAuth: config.allowPlaintextAuth,
      offersStartTls: config.tls === 'starttls',
      maxMessageBytes: config.maxMessageBytes,
    };
    this.sessionDeps = {
      mail: deps.mail,
      directory: deps.directory,
      logger: deps.logger,
      tls: () => deps.tls.upgradeOptions(),
      onClosed: (session) => this.sessions.delete(session),
    };
    // Implicit TLS too accepts plain TCP and wraps it itself (net's wrapServerTls says why).
    this.server = createTcpServer((socket) => {
      if (config.tls === 'implicit') void this.acceptTls(socket);
      else this.accept(socket, false);
    });
    this.server.on('error', (error) => {
      deps.logger.warn({ err: error, listener: config.name }, 'imap.server_error');
    });
  }

  /** Implicit TLS (993): the session starts once the handshake is through. */
  private async acceptTls(plain: Socket): Promise<void> {
    // Errors of the TCP socket surface on the TLS socket over it.
    plain.on('error', () => undefined);
    const timeoutMs = this.limits.preAuthTimeoutMs;
    const secure = await acceptServerTls(plain, this.deps.tls.upgradeOptions(), timeoutMs);
    if (secure !== null) this.accept(secure, true);
  }

  private accept(socket: Socket, isTls: boolean): void {
    socket.setNoDelay(true);
    if (this.sessions.size >= this.config.maxClients) {
      socket.end('* BYE Too many connections, try again later\r\n');
      socket.on('error', () => undefined);
      return;
    }
    const connection = new ImapConnection(
      socket,
      preAuthReaderLimits(this.config),
      this.limits.preAuthTimeoutMs,
      isTls,
    );
    const session = new ImapSession(connection, this.sessionSettings, this.limits, this.sessionDeps);
    this.sessions.add(session);
    session.start().catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'imap.session_failed');
      session.close();
    });
  }

  /** Says BYE to every session and closes it (the listener has stopped accepting). */
  async drain(): Promise<void> {
    await Promise.all(
      [...this.sessions].map(async (session) => {
        await session.sendStatus('BYE', 'Server shutting down').catch(() => undefined);
        session.close();
      }),
    );
  }
}

/** An IMAP listener for the composition root's registry. */
export function createImapListener(config: ImapListenerConfig, deps: ImapDeps): Listener {
  const imap = new ImapServer(config, deps);
  return createServerListener({
    name: config.name,
    host: config.host,
    port: config.port,
    tls: config.tls,
    server: imap.server,
    drain: () => imap.drain(),
  });
}
