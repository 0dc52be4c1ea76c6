// One IMAP session (RFC 9051 §3): the state machine between greeting and logout. It reads
// commands from its connection, looks each verb up in the typed registry, checks the state,
// runs the handler and writes the tagged reply, announcing mailbox changes on the way.
import { isChasquiError, type Logger } from '@chasqui/core';
import type { MailChange } from '@chasqui/mail';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import { commandRegistry } from '../commands/registry.js';
import { CommandError } from '../commands/command-error.js';
import type { RegisteredCommand } from '../commands/command-spec.js';
import {
  continuation,
  encodeMailboxName,
  parseCommand,
  tagged,
  untagged,
  untaggedStatus,
  type ImapValue,
  type ParsedCommand,
  type RawCommand,
  type ReaderError,
  type ReaderEvent,
  type ResponseCode,
} from '../proto/index.js';
import { capabilityList } from './capabilities.js';
import type { ImapConnection, TlsOptions } from './connection.js';
import { updateResponses } from './mailbox-updates.js';
import type { SelectedMailbox } from './selected-mailbox.js';
import type {
  Account,
  CommandResult,
  Extension,
  SessionApi,
  SessionSettings,
  SessionState,
} from './session-api.js';

export interface SessionLimits {
  /** Reader limits once logged in (larger literals for APPEND). */
  readonly authenticatedLineLength: number;
  readonly authenticatedLiteralSize: number;
  /** Inactivity before login, and after (RFC 9051 §5.4: at least 30 minutes). */
  readonly preAuthTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Most items in one sequence set. */
  readonly maxSequenceItems: number;
}

export interface SessionDeps {
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly logger: Logger;
  readonly tls: () => TlsOptions;
}

export class ImapSession implements SessionApi {
  state: SessionState = 'not-authenticated';
  account: Account | null = null;
  selected: SelectedMailbox | null = null;
  private readonly enabled = new Set<Extension>();
  private unsubscribe: (() => void) | null = null;
  /** Listening to the owner's account while another account's mailbox is selected. */
  private unsubscribeOwner: (() => void) | null = null;
  private changeWaiters = new Set<() => void>();
  readonly mail: MailService;
  readonly directory: DirectoryService;

  constructor(
    private connection: ImapConnection,
    readonly settings: SessionSettings,
    private readonly limits: SessionLimits,
    private readonly deps: SessionDeps,
  ) {
    this.mail = deps.mail;
    this.directory = deps.directory;
  }

  get isTls(): boolean {
    return this.connection.isTls;
  }

  get remoteAddress(): string {
    return this.connection.remoteAddress;
  }

  get isUtf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT') || this.enabled.has('IMAP4REV2');
  }

  /** Sends the greeting and starts reading commands. */
  async start(): Promise<void> {
    this.listen();
    const code = {
      name: 'CAPABILITY',
      args: this.capabilities().map((name) => ({ kind: 'atom', text: name }) as const),
    };
    await this.sendStatus('OK', `${this.settings.hostname} Chasqui IMAP ready`, code);
  }

  private listen(): void {
    this.connection.start({
      onEvent: (event) => this.onEvent(event),
      onTimeout: () => {
        void this.sendStatus('BYE', 'Autologout; idle for too long').then(() => {
          this.close();
        });
      },
      onClose: () => {
        this.close();
      },
    });
  }

  isEnabled(extension: Extension): boolean {
    return this.enabled.has(extension);
  }

  enable(extension: Extension): void {
    this.enabled.add(extension);
    // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE.
    if (extension === 'QRESYNC') this.enabled.add('CONDSTORE');
  }

  capabilities(): string[] {
    return capabilityList({
      isAuthenticated: this.account !== null,
      isTls: this.isTls,
      offersStartTls: this.settings.offersStartTls,
      allowPlaintextAuth: this.settings.allowPlaintextAuth,
      maxMessageBytes: this.settings.maxMessageBytes,
    });
  }

  private options() {
    return { utf8: this.isUtf8 };
  }

  send(values: readonly ImapValue[]): Promise<void> {
    return this.connection.write(untagged(values, this.options()));
  }

  sendBytes(data: Buffer | readonly Buffer[]): Promise<void> {
    return this.connection.write(Buffer.isBuffer(data) ? [data] : data);
  }

  sendStatus(status: 'OK' | 'NO' | 'BAD' | 'BYE', text: string, code?: ResponseCode | string): Promise<void> {
    return this.connection.write(untaggedStatus(status, text, code, this.options()));
  }

  async sendContinuation(text: string): Promise<void> {
    // An empty SASL challenge is "+ " exactly (RFC 9051 §7.6), not "+ Ready".
    await this.connection.write(text === '' ? [Buffer.from('+ \r\n')] : continuation(text, this.options()));
    // The client answers a continuation: it must not wait in a held write.
    this.connection.release();
  }

  readLine(): Promise<Buffer | null> {
    return this.connection.readLine();
  }

  formatMailboxName(name: string): string {
    return this.isUtf8 ? name : encodeMailboxName(name);
  }

  async login(account: Account): Promise<void> {
    await this.mail.ensureDefaultMailboxes(account.id);
    this.account = account;
    this.state = 'authenticated';
    this.connection.setLimits({
      maxLineLength: this.limits.authenticatedLineLength,
      maxLiteralSize: this.limits.authenticatedLiteralSize,
      maxNonSyncLiteralSize: this.limits.authenticatedLiteralSize,
      maxCommandSize: this.limits.authenticatedLiteralSize * 2,
      maxDiscardSize: this.limits.authenticatedLiteralSize * 2,
      // MULTIAPPEND batches (RFC 3502): clients send hundreds of messages in one command.
      maxLiterals: 1000,
    });
    this.connection.setTimeoutMs(this.limits.idleTimeoutMs);
    this.unsubscribe = this.mail.notifier.subscribe(account.id, (change) => {
      this.onMailChange(change);
    });
  }

  private onMailChange(change: MailChange): void {
    const selected = this.selected;
    if (selected === null || !change.mailboxIds.includes(selected.mailbox.id)) return;
    selected.noteChange();
    this.interruptWait();
  }

  setSelected(selected: SelectedMailbox | null): void {
    this.selected = selected;
    // The notifier is per account: a shared mailbox's changes are published to its owner.
    this.unsubscribeOwner?.();
    this.unsubscribeOwner = null;
    const ownerId = selected?.mailbox.accountId;
    if (ownerId !== undefined && ownerId !== this.account?.id) {
      this.unsubscribeOwner = this.mail.notifier.subscribe(ownerId, (change) => {
        this.onMailChange(change);
      });
    }
    if (this.state !== 'not-authenticated' && this.state !== 'logout') {
      this.state = selected === null ? 'authenticated' : 'selected';
    }
  }

  async syncSelected(allowExpunge: boolean): Promise<void> {
    const selected = this.selected;
    if (selected === null || this.connection.isClosed) return;
    let update;
    try {
      update = await selected.refresh(this.mail, allowExpunge);
    } catch (error) {
      // Rights revoked or mailbox deleted meanwhile: the next command on it says NO.
      if (isChasquiError(error, 'NOT_FOUND') || isChasquiError(error, 'FORBIDDEN')) return;
      throw error;
    }
    const format = { isQresync: this.isEnabled('QRESYNC'), isCondstore: this.isEnabled('CONDSTORE') };
    for (const response of updateResponses(update, format)) await this.send(response);
  }

  // One plain callback per waiting command: an AbortController and its EventTarget per idling
  // session cost more than the rest of the wait.
  waitForChange(): Promise<void> {
    this.connection.release();
    return new Promise((resolve) => {
      this.changeWaiters.add(resolve);
    });
  }

  releaseIdleMemory(): void {
    this.connection.releaseIdleMemory();
  }

  interruptWait(): void {
    const waiters = [...this.changeWaiters];
    this.changeWaiters.clear();
    for (const wake of waiters) wake();
  }

  /** Upgrades the connection to TLS (after the tagged OK to STARTTLS was written). */
  async startTls(): Promise<void> {
    const upgraded = await this.connection.startTls(this.deps.tls());
    if (upgraded === null) {
      this.close();
      return;
    }
    this.connection = upgraded;
    this.listen();
  }

  get isCompressed(): boolean {
    return this.connection.isCompressed;
  }

  startCompression(): void {
    this.connection.startCompression();
  }

  /** Ends the session: logout state, no more notifications, socket closed. */
  close(): void {
    this.state = 'logout';
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeOwner?.();
    this.unsubscribeOwner = null;
    this.interruptWait();
    this.connection.end();
  }

  private async onEvent(event: ReaderEvent): Promise<void> {
    if (event.type === 'continuation') {
      await this.sendContinuation('Ready for literal data');
    } else if (event.type === 'error') {
      await this.rejectInput(event.error);
    } else {
      await this.execute(event.command);
    }
  }

  private async rejectInput(error: ReaderError): Promise<void> {
    const line =
      error.tag === null
        ? untaggedStatus(error.status, error.text, error.responseCode)
        : tagged(error.tag, error.status, error.text, error.responseCode);
    await this.connection.write(line);
    if (error.fatal) {
      await this.sendStatus('BYE', 'Too much invalid input');
      this.close();
    }
  }

  private async execute(raw: RawCommand): Promise<void> {
    const parsed = parseCommand(raw, { maxSequenceItems: this.limits.maxSequenceItems });
    if (!parsed.ok) {
      const { tag, message } = parsed.error;
      await this.connection.write(
        tag === null
          ? untaggedStatus('BAD', message)
          : tagged(tag, 'BAD', message, undefined, this.options()),
      );
      return;
    }
    const command = parsed.command;
    const spec = commandRegistry.get(command.name);
    const refusal = this.refusalFor(command, spec);
    if (refusal !== null || spec === undefined) {
      await this.reply(command.tag, refusal ?? { status: 'BAD', text: 'Unknown command' });
      return;
    }
    const connection = this.connection;
    connection.hold();
    let result: CommandResult;
    try {
      result = await this.run(spec, command);
      if (result.status === 'OK' && spec.sync !== 'none' && this.state === 'selected') {
        await this.syncSelected(spec.sync === 'full' || command.uid);
      }
      await this.reply(command.tag, result);
    } finally {
      connection.release();
    }
    await result.after?.();
  }

  private refusalFor(command: ParsedCommand, spec: RegisteredCommand | undefined): CommandResult | null {
    if (spec === undefined) return { status: 'BAD', text: `Unknown command ${command.name.slice(0, 40)}` };
    if (command.uid && !spec.allowsUid) return { status: 'BAD', text: `UID ${spec.verb} is not a command` };
    if (!spec.states.includes(this.state)) {
      const text = this.state === 'not-authenticated' ? 'Log in first' : `${spec.verb} not allowed now`;
      return { status: 'BAD', text };
    }
    return null;
  }

  private async run(spec: RegisteredCommand, command: ParsedCommand): Promise<CommandResult> {
    try {
      return await spec.execute(this, command.args, { tag: command.tag, isUid: command.uid });
    } catch (error) {
      if (error instanceof CommandError) {
        return error.code === undefined
          ? { status: error.status, text: error.message }
          : { status: error.status, text: error.message, code: error.code };
      }
      if (isChasquiError(error)) {
        const [status, code] = error.spec.imap;
        return code === null ? { status, text: error.message } : { status, text: error.message, code };
      }
      this.deps.logger.error({ err: error, verb: spec.verb }, 'imap.command_failed');
      return { status: 'NO', text: 'Internal error', code: 'SERVERBUG' };
    }
  }

  private reply(tag: string, result: CommandResult): Promise<void> {
    return this.connection.write(tagged(tag, result.status, result.text, result.code, this.options()));
  }
}
