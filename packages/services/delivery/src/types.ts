// The shapes every delivery stage shares (ARCHITECTURE.md §4).
import type { Account, MessageDirection, RecipientOutcome } from '@chasqui/store';
import type { ParsedMessage } from '@chasqui/mail';

/** Which door a message came through: the MX, the submission ports, or Chasqui itself. */
export type Entry = 'mx' | 'submission' | 'internal';

/** What the front-end knows of the client. */
export interface SessionInfo {
  readonly entry: Entry;
  readonly clientIp: string | null;
  readonly clientHostname: string | null;
  readonly helo: string | null;
  /** e.g. `TLSv1.3 TLS_AES_256_GCM_SHA384`; null for plain text. */
  readonly tls: string | null;
  readonly account: Account | null;
  readonly sessionId: string;
}

/** A session for mail Chasqui writes or moves itself: bounces, reports, JMAP, tests. */
export function internalSession(sessionId = 'internal', account: SessionInfo['account'] = null): SessionInfo {
  return {
    entry: 'internal',
    clientIp: null,
    clientHostname: null,
    helo: null,
    tls: null,
    account,
    sessionId,
  };
}

export interface EnvelopeRecipient {
  readonly address: string;
  /** RCPT NOTIFY= (RFC 3461): SUCCESS, FAILURE, DELAY or NEVER. */
  readonly notify?: readonly string[];
  readonly orcpt?: string;
}

export interface Envelope {
  /** MAIL FROM; '' is the null sender of bounces. */
  readonly mailFrom: string;
  readonly recipients: readonly EnvelopeRecipient[];
  readonly envid?: string | null;
  readonly ret?: 'FULL' | 'HDRS' | null;
  readonly smtpUtf8?: boolean;
}

export interface LocalTarget {
  readonly accountId: number;
  readonly address: string;
  /** The envelope recipient it came from (alias or list address). */
  readonly via: string;
}

export type Verdict = 'accept' | 'reject' | 'tempfail' | 'quarantine' | 'discard';

/** Why a message was refused, in the words the SMTP client will see. */
export interface Refusal {
  readonly code: number;
  readonly enhanced: string;
  readonly text: string;
}

export interface DeliveryContext {
  readonly session: SessionInfo;
  readonly envelope: Envelope;
  readonly receivedAt: number;
  /** The bytes as received; stages add headers through `addHeader`. */
  readonly raw: Uint8Array;
  readonly parsed: ParsedMessage;
  direction: MessageDirection;
  /** Header lines (without CRLF) prepended to the stored and forwarded copy, newest first. */
  readonly prependHeaders: string[];
  verdict: Verdict;
  refusal: Refusal | null;
  authResults: string | null;
  score: number | null;
  readonly ruleHits: string[];
  /** Local mailboxes and remote addresses, filled by the route stage. */
  readonly local: LocalTarget[];
  readonly remote: EnvelopeRecipient[];
  readonly outcomes: RecipientOutcome[];
  readonly timings: Record<string, number>;
  /** Outbound queue entries created for this message. */
  readonly queueIds: number[];
  /** The message log entry, once written. */
  logId: number | null;
}

/** One step of the pipeline; it annotates the context and may set a verdict that stops the rest. */
export interface Stage {
  readonly name: string;
  /** Stages marked `always` run even after a refusal (the message log). */
  readonly always?: boolean;
  run(context: DeliveryContext): Promise<void>;
}
