// One POP3 session (RFC 1939 §3): greeting, the AUTHORIZATION and TRANSACTION states, and the
// end of the connection. It pulls one client line at a time (commands run in order, so
// PIPELINING, RFC 2449 §6.6, needs nothing more), looks the keyword up in the typed registry,
// checks the state, runs the handler and writes its reply.
import { isChasquiError, type Logger } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService, Mailbox } from '@chasqui/mail';
import { CommandError } from '../commands/command-error.js';
import { commandRegistry } from '../commands/registry.js';
import { errLine, okLine, parseCommandLine, textBlock, type CommandLine } from '../proto/index.js';
import type { AccountGates } from './account-gates.js';
import type { ConnectionEvent, Pop3Connection } from './connection.js';
import { Maildrop } from './maildrop.js';
import type { ServerTlsSource } from './server-tls.js';
import type { MessageSizeCache } from './size-cache.js';
import {
  err,
  ok,
  type Account,
  type Pop3Reply,
  type SessionApi,
  type SessionSettings,
  type SessionState,
} from './session-api.js';

export interface SessionLimits {
  /** Longest command line, CRLF excluded (RFC 2449 §4: 255 octets). */
  readonly maxLineBytes: number;
  /** Inactivity before login, and after (RFC 1939 §3: at least 10 minutes). */
  readonly preAuthTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Unknown, misplaced or malformed commands tolerated before the connection is closed. */
  readonly maxBadCommands: number;
  /** Whether a second session of an account is refused with [IN-USE] (RFC 1939 §8). */
  readonly isExclusive: boolean;
}

export interface SessionDeps {
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly logger: Logger;
  readonly tls: ServerTlsSource;
  readonly gates: AccountGates;
  readonly sizes: MessageSizeCache;
}

export class Pop3Session implements SessionApi {
  state: SessionState = 'authorization';
  pendingUser: string | null = null;
  maildrop: Maildrop | null = null;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly logger: Logger;
  private releaseLock: (() => void) | null = null;
  private badCommands = 0;
  private isEnding = false;

  constructor(
    private connection: Pop3Connection,
    readonly settings: SessionSettings,
    private readonly limits: SessionLimits,
    private readonly deps: SessionDeps,
  ) {
    this.mail = deps.mail;
    this.directory = deps.directory;
    this.logger = deps.logger;
  }

  get isTls(): boolean {
    return this.connection.isTls;
  }

  get remoteAddress(): string {
    return this.connection.remoteAddress;
  }

  /** Greets, then serves commands until QUIT, a timeout or the client leaving. */
  async run(): Promise<void> {
    try {
      await this.connection.write([okLine(`${this.settings.hostname} Chasqui POP3 server ready`)]);
      while (!this.isEnding) {
        const event = await this.connection.next();
        if (event === null) break;
        await this.handle(event);
      }
    } finally {
      this.release();
    }
  }

  /** Server shutdown: says so and closes; no UPDATE (RFC 1939 §6 needs a QUIT). */
  async shutdown(): Promise<void> {
    this.isEnding = true;
    await this.connection.write([errLine('Server shutting down', 'SYS/TEMP')]);
    this.connection.end();
  }

  sendRaw(line: Buffer): Promise<void> {
    return this.connection.write([line]);
  }

  async readSaslLine(): Promise<Buffer | 'too-long' | null> {
    const event = await this.connection.next();
    if (event === null) return null;
    if (event.type === 'timeout') {
      await this.end(errLine('Autologout; idle for too long'));
      return null;
    }
    return event.type === 'line' ? event.line : 'too-long';
  }

  async logIn(account: Account): Promise<Pop3Reply> {
    const release = this.limits.isExclusive ? await this.deps.gates.tryLock(account.id) : () => undefined;
    if (release === null) return err('Maildrop is in use by another POP3 session', 'IN-USE');
    const wait = this.deps.gates.admitLogin(account.id, this.settings.loginDelaySeconds);
    if (wait > 0) {
      release();
      return err(`Logged in too recently; wait ${wait} seconds`, 'LOGIN-DELAY');
    }
    let maildrop: Maildrop;
    try {
      const inbox = await this.inboxOf(account.id);
      maildrop = await Maildrop.open(this.mail, account.id, inbox, this.deps.sizes);
    } catch (error) {
      release();
      this.logger.error({ err: error, account: account.id }, 'pop3.maildrop_failed');
      return err('The maildrop cannot be opened now; try again later', 'SYS/TEMP');
    }
    this.maildrop = maildrop;
    this.releaseLock = release;
    this.state = 'transaction';
    this.connection.setTimeoutMs(this.limits.idleTimeoutMs);
    this.logger.info({ account: account.id, ip: this.remoteAddress }, 'pop3.login');
    const { count, size } = await maildrop.stat();
    return ok(`maildrop has ${count} messages (${size} octets)`);
  }

  private async inboxOf(accountId: number): Promise<Mailbox> {
    const inbox = await this.mail.mailboxes.get(accountId, 'INBOX');
    if (inbox !== null) return inbox;
    const provisioned = await this.mail.ensureDefaultMailboxes(accountId);
    const found = provisioned.find((mailbox) => mailbox.role === 'inbox');
    if (found === undefined) throw new Error(`account ${accountId} has no INBOX`);
    return found;
  }

  private async handle(event: ConnectionEvent): Promise<void> {
    if (event.type === 'timeout') {
      await this.end(errLine('Autologout; idle for too long'));
    } else if (event.type === 'too-long') {
      await this.refuse('Line too long');
    } else if (event.line.length > this.limits.maxLineBytes) {
      await this.refuse('Line too long');
    } else {
      const parsed = parseCommandLine(event.line);
      if (parsed.ok) await this.execute(parsed.command);
      else await this.refuse(parsed.error);
    }
  }

  private async execute(command: CommandLine): Promise<void> {
    const spec = commandRegistry.get(command.verb);
    if (spec === undefined) {
      await this.refuse('Unknown command');
      return;
    }
    if (!spec.states.includes(this.state)) {
      await this.refuse(this.state === 'authorization' ? 'Log in first' : `${spec.verb} is not valid now`);
      return;
    }
    let reply: Pop3Reply;
    try {
      reply = await spec.execute(this, command);
    } catch (error) {
      if (error instanceof CommandError && error.isBadCommand) {
        await this.refuse(error.message);
        return;
      }
      reply = this.replyForError(error, spec.verb);
    }
    await this.reply(reply);
  }

  private replyForError(error: unknown, verb: string): Pop3Reply {
    if (error instanceof CommandError) return err(error.message, error.code);
    if (isChasquiError(error) && error.code !== 'INTERNAL') {
      return err(error.message, error.code === 'FORBIDDEN' ? 'SYS/PERM' : 'SYS/TEMP');
    }
    this.logger.error({ err: error, verb }, 'pop3.command_failed');
    return err('Internal error; try again later', 'SYS/TEMP');
  }

  private async reply(reply: Pop3Reply): Promise<void> {
    const status = reply.isOk ? okLine(reply.text) : errLine(reply.text, reply.code);
    const lines = reply.lines === undefined ? [] : [textBlock(reply.lines)];
    await this.connection.write([status, ...lines, ...(reply.body ?? [])]);
    if (reply.after === 'close') {
      this.isEnding = true;
      this.connection.end();
    } else if (reply.after === 'stls') {
      await this.startTls();
    }
  }

  private async startTls(): Promise<void> {
    const secure = await this.connection.startTls(this.deps.tls, this.limits.preAuthTimeoutMs);
    if (secure === null) this.isEnding = true;
    else this.connection = secure;
  }

  /** A bad command: -ERR, and the connection closed once there were too many. */
  private async refuse(text: string): Promise<void> {
    this.badCommands++;
    if (this.badCommands < this.limits.maxBadCommands) {
      await this.connection.write([errLine(text)]);
      return;
    }
    await this.end(errLine(`${text}; too many bad commands, closing the connection`));
  }

  private async end(line: Buffer): Promise<void> {
    this.isEnding = true;
    await this.connection.write([line]);
    this.connection.end();
  }

  /** Ends the session's hold on the account; no UPDATE without QUIT (RFC 1939 §6). */
  private release(): void {
    this.maildrop?.close();
    this.releaseLock?.();
    this.releaseLock = null;
    this.connection.end();
  }
}
