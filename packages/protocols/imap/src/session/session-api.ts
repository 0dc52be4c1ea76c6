// What a command handler may do with its session: read its state, write untagged responses,
// change state. The session implements it; tests can fake it.
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import type { ImapValue, ResponseCode } from '../proto/index.js';
import type { SelectedMailbox } from './selected-mailbox.js';

/** The authenticated account, as the directory returns it. */
export type Account = Awaited<ReturnType<DirectoryService['authenticate']>>;

export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** Extensions a client may ENABLE (RFC 5161). */
export type Extension = 'CONDSTORE' | 'QRESYNC' | 'UTF8=ACCEPT' | 'IMAP4REV2';

/** Listener settings a session needs. */
export interface SessionSettings {
  readonly hostname: string;
  /** LOGIN/AUTHENTICATE before TLS (development on loopback only). */
  readonly allowPlaintextAuth: boolean;
  /** Whether STARTTLS is offered (false on implicit-TLS listeners, which are already secure). */
  readonly offersStartTls: boolean;
  /** Largest APPEND message, in octets (APPENDLIMIT). */
  readonly maxMessageBytes: number;
}

export interface SessionApi {
  readonly state: SessionState;
  readonly account: Account | null;
  readonly selected: SelectedMailbox | null;
  readonly settings: SessionSettings;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly isTls: boolean;
  readonly remoteAddress: string;
  /** True once the client enabled the extension (CONDSTORE is also enabled implicitly). */
  isEnabled(extension: Extension): boolean;
  enable(extension: Extension): void;
  /** UTF-8 in quoted strings and mailbox names (UTF8=ACCEPT or IMAP4rev2). */
  readonly isUtf8: boolean;
  capabilities(): string[];
  /** `* <values>` */
  send(values: readonly ImapValue[]): Promise<void>;
  /** Response bytes already encoded (whole lines); waits when the socket needs draining. */
  sendBytes(data: Buffer | readonly Buffer[]): Promise<void>;
  /** `* OK|NO|BAD|BYE [code] text` */
  sendStatus(status: 'OK' | 'NO' | 'BAD' | 'BYE', text: string, code?: ResponseCode | string): Promise<void>;
  /** `+ text` */
  sendContinuation(text: string): Promise<void>;
  /** The next raw client line (AUTHENTICATE replies); null when closed. */
  readLine(): Promise<Buffer | null>;
  /** Enters the authenticated state as `account`. */
  login(account: Account): Promise<void>;
  /** Selects a mailbox (or deselects with null); the state follows. */
  setSelected(selected: SelectedMailbox | null): void;
  /** Announces pending mailbox changes (EXISTS, EXPUNGE or VANISHED, FETCH). */
  syncSelected(allowExpunge: boolean): Promise<void>;
  /**
   * Parks the running command (IDLE), whose run returns what this returns: its tagged reply
   * waits for the client's next line, given to `finish`; changes to the selected mailbox are
   * announced meanwhile. A parked session holds no pending call, only this function.
   */
  park(finish: ParkedFinish): CommandResult;
  /** Frees per-connection memory while the client waits (IDLE); the next byte restores it. */
  releaseIdleMemory(): void;
  /** Upgrades to TLS; call after the tagged OK to STARTTLS is written. */
  startTls(): Promise<void>;
  /** True once COMPRESS=DEFLATE is active. */
  readonly isCompressed: boolean;
  /** Starts DEFLATE both ways; call after the tagged OK to COMPRESS is written. */
  startCompression(): void;
  /** Ends the session and closes the connection. */
  close(): void;
  /** A mailbox name as the client expects it (UTF-8 or modified UTF-7). */
  formatMailboxName(name: string): string;
}

/** Finishes a parked command with the client's next line ("*" when it was no line). */
export type ParkedFinish = (session: SessionApi, line: Buffer) => CommandResult;

/** What a command answers: its tagged status, and what to do once that is sent. */
export interface CommandResult {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string;
  readonly code?: ResponseCode | string;
  /** Runs after the tagged response is written (STARTTLS upgrade, LOGOUT close). */
  readonly after?: () => Promise<void>;
}

export function ok(text: string, code?: ResponseCode | string): CommandResult {
  return code === undefined ? { status: 'OK', text } : { status: 'OK', text, code };
}
