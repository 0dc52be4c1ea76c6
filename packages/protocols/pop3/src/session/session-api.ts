// What a command handler may do with its session: read its state and settings, read a raw
// line (SASL), log in. The session implements it; handlers return a Pop3Reply to write.
import type { Logger } from '@chasqui/core';
import type { DirectoryService } from '@chasqui/directory';
import type { MailService } from '@chasqui/mail';
import type { ResponseCode } from '../proto/index.js';
import type { Maildrop } from './maildrop.js';

/** The authenticated account, as the directory returns it. */
export type Account = Awaited<ReturnType<DirectoryService['authenticate']>>;

/** RFC 1939 §3 states; UPDATE is the QUIT handler's work, not a state a command runs in. */
export type SessionState = 'authorization' | 'transaction';

/** Listener settings a session needs. */
export interface SessionSettings {
  readonly hostname: string;
  /** USER/PASS and AUTH before TLS (development on loopback only). */
  readonly allowPlaintextAuth: boolean;
  /** Whether STLS is offered (false on implicit-TLS listeners, which are already secure). */
  readonly offersStls: boolean;
  /** RFC 2449 LOGIN-DELAY: the least time between two logins of an account, or null. */
  readonly loginDelaySeconds: number | null;
}

/** What a command answers, and what to do once the answer is written. */
export interface Pop3Reply {
  readonly isOk: boolean;
  readonly text: string;
  readonly code?: ResponseCode;
  /** A multi-line body of text lines (stuffed and terminated when written). */
  readonly lines?: readonly string[];
  /** A multi-line body already encoded (RETR, TOP), terminator included. */
  readonly body?: readonly Buffer[];
  /** 'stls': negotiate TLS now; 'close': end the connection. */
  readonly after?: 'stls' | 'close';
}

export function ok(text: string, extra: Omit<Pop3Reply, 'isOk' | 'text'> = {}): Pop3Reply {
  return { isOk: true, text, ...extra };
}

export function err(text: string, code?: ResponseCode): Pop3Reply {
  return code === undefined ? { isOk: false, text } : { isOk: false, text, code };
}

export interface SessionApi {
  readonly state: SessionState;
  readonly settings: SessionSettings;
  readonly mail: MailService;
  readonly directory: DirectoryService;
  readonly logger: Logger;
  readonly isTls: boolean;
  readonly remoteAddress: string;
  /** The name given by USER, waiting for PASS. */
  pendingUser: string | null;
  /** The snapshot of INBOX; set in the TRANSACTION state. */
  readonly maildrop: Maildrop | null;
  /** Writes a line now (the SASL "+ " continuation). */
  sendRaw(line: Buffer): Promise<void>;
  /** The next client line for a SASL exchange: null when closed, 'too-long' when overlong. */
  readSaslLine(): Promise<Buffer | 'too-long' | null>;
  /** Enters the TRANSACTION state as `account`; the reply says why it could not. */
  logIn(account: Account): Promise<Pop3Reply>;
}
