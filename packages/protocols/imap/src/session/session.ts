// One IMAP session (RFC 9051 §3): the state machine between greeting and logout. It reads
// commands from its connection, looks each verb up in the typed registry, checks the state,
// runs the handler and writes the tagged reply, announcing mailbox changes on the way.
import { isChasquiError, type Logger } from '@chasqui/core';
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
import type { ConnectionHandlers, ImapConnection, TlsOptions } from './connection.js';
import { updateResponses } from './mailbox-updates.js';
import { unwatchMailbox, watchMailbox, type MailboxWatcher } from './mailbox-watchers.js';
import type { SelectedMailbox } from './selected-mailbox.js';
import type {
  Account,
  CommandResult,
  Extension,
  ParkedFinish,
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
  /** Told when the session closes (shared by a listener's sessions: no closure per session). */
  readonly onClosed?: (session: ImapSession) => void;
}

/** What a parking command (IDLE) returns; perform() then leaves its tagged reply for later. */
const parkedResult: CommandResult = { status: 'OK', text: 'parked' };

/** A command parked until the client's next line (IDLE): plain data, no suspended call. */
interface ParkedCommand {
  readonly spec: RegisteredCommand;
  readonly tag: string;
  readonly isUid: boolean;
  readonly finish: ParkedFinish;
}

export class ImapSession implements SessionApi, ConnectionHandlers, MailboxWatcher {
  state: SessionState = 'not-authenticated';
  account: Account | null = null;
  selected: SelectedMailbox | null = null;
  private readonly enabled = new Set<Extension>();
  /** Set by park() during the parking command's run; perform() turns it into `parked`. */
  private parking: ParkedFinish | null = null;
  private parked: ParkedCommand | null = null;
  /** The announcement of changes while parked, running; and whether to look again after it. */
  private parkedSync: Promise<void> | null = null;
  private isParkedSyncDue = false;
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
    // The session is the connection's handlers: no closures per connection.
    this.connection.start(this);
  }

  onTimeout(): void {
    void this.sendStatus('BYE', 'Autologout; idle for too long').then(() => {
      this.close();
    });
  }

  onClose(): void {
    this.close();
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
  }

  /** The selected mailbox changed (the notifier said so). */
  onMailboxChange(): void {
    this.selected?.noteChange();
    if (this.parked !== null) this.syncWhileParked();
  }

  setSelected(selected: SelectedMailbox | null): void {
    this.unwatchSelected();
    this.selected = selected;
    // A shared mailbox's changes are published to its owner's account.
    if (selected !== null && this.state !== 'logout') {
      watchMailbox(this.mail.notifier, selected.mailbox.accountId, selected.mailbox.id, this);
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

  private unwatchSelected(): void {
    const mailbox = this.selected?.mailbox;
    if (mailbox !== undefined) unwatchMailbox(this.mail.notifier, mailbox.accountId, mailbox.id, this);
  }

  park(finish: ParkedFinish): CommandResult {
    this.parking = finish;
    return parkedResult;
  }

  /** Announces changes while parked; a change announced meanwhile is looked at once more. */
  private syncWhileParked(): void {
    if (this.parkedSync !== null) {
      this.isParkedSyncDue = true;
      return;
    }
    this.parkedSync = this.runParkedSync();
  }

  private async runParkedSync(): Promise<void> {
    try {
      do {
        this.isParkedSyncDue = false;
        await this.syncSelected(true);
      } while (this.isSyncDueAgain());
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'imap.idle_sync_failed');
    } finally {
      this.parkedSync = null;
    }
  }

  /** A change was announced during the last sync, and the command is still parked. */
  private isSyncDueAgain(): boolean {
    return this.isParkedSyncDue && this.parked !== null;
  }

  releaseIdleMemory(): void {
    this.connection.releaseIdleMemory();
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
    this.unwatchSelected();
    this.state = 'logout';
    this.parked = null;
    this.connection.end();
    this.deps.onClosed?.(this);
  }

  async onEvent(event: ReaderEvent): Promise<void> {
    if (this.parked !== null) {
      await this.resumeParked(this.parked, this.connection.lineOf(event));
    } else if (event.type === 'continuation') {
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
    await this.perform(spec, command.tag, command.uid, () =>
      spec.execute(this, command.args, { tag: command.tag, isUid: command.uid }),
    );
  }

  /**
   * Runs a command's handler (or a parked command's finish), syncs as its spec asks and writes
   * the tagged reply, or parks the command when its handler called park().
   */
  private async perform(
    spec: RegisteredCommand,
    tag: string,
    isUid: boolean,
    call: () => Promise<CommandResult>,
  ): Promise<void> {
    const connection = this.connection;
    connection.hold();
    let result: CommandResult;
    try {
      result = await this.run(spec, call);
      const finish = this.parking;
      this.parking = null;
      if (result === parkedResult && finish !== null) {
        this.parked = { spec, tag, isUid, finish };
        this.syncWhileParked();
        return;
      }
      if (result.status === 'OK' && spec.sync !== 'none' && this.state === 'selected') {
        await this.syncSelected(spec.sync === 'full' || isUid);
      }
      await this.reply(tag, result);
    } finally {
      connection.release();
    }
    await result.after?.();
  }

  /** The client's next line arrived: the parked command finishes and gets its tagged reply. */
  private async resumeParked(parked: ParkedCommand, line: Buffer): Promise<void> {
    this.parked = null;
    // What the last change announced goes out before the tagged reply.
    await this.parkedSync;
    await this.perform(parked.spec, parked.tag, parked.isUid, () =>
      Promise.resolve(parked.finish(this, line)),
    );
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

  private async run(spec: RegisteredCommand, call: () => Promise<CommandResult>): Promise<CommandResult> {
    try {
      return await call();
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
