// The error catalogue: every error Chasqui reports has a stable code, an English message
// for logs and a mapping to each protocol's reply, so front-ends never invent their own.

export interface ErrorSpec {
  /** Default message for logs and API answers; callers may add detail. */
  readonly message: string;
  /** HTTP status for the admin API, JMAP and health endpoints. */
  readonly http: number;
  /** SMTP reply code and enhanced status code (RFC 3463). */
  readonly smtp: readonly [number, string];
  /** IMAP response code (RFC 5530) and tagged status. */
  readonly imap: readonly ['NO' | 'BAD', string | null];
}

export const errorCatalogue = {
  INVALID_ARGUMENT: {
    message: 'Invalid argument',
    http: 400,
    smtp: [501, '5.5.4'],
    imap: ['BAD', 'CLIENTBUG'],
  },
  INVALID_ADDRESS: {
    message: 'Invalid e-mail address',
    http: 400,
    smtp: [553, '5.1.3'],
    imap: ['BAD', 'CLIENTBUG'],
  },
  NOT_FOUND: { message: 'Not found', http: 404, smtp: [550, '5.1.1'], imap: ['NO', 'NONEXISTENT'] },
  ALREADY_EXISTS: {
    message: 'Already exists',
    http: 409,
    smtp: [550, '5.7.1'],
    imap: ['NO', 'ALREADYEXISTS'],
  },
  AUTH_FAILED: {
    message: 'Authentication failed',
    http: 401,
    smtp: [535, '5.7.8'],
    imap: ['NO', 'AUTHENTICATIONFAILED'],
  },
  AUTH_THROTTLED: {
    message: 'Too many failed attempts; try again later',
    http: 429,
    smtp: [454, '4.7.0'],
    imap: ['NO', 'UNAVAILABLE'],
  },
  ACCOUNT_DISABLED: {
    message: 'Account disabled',
    http: 403,
    smtp: [535, '5.7.8'],
    imap: ['NO', 'AUTHENTICATIONFAILED'],
  },
  PASSWORD_EXPIRED: {
    message: 'Password expired',
    http: 403,
    smtp: [535, '5.7.8'],
    imap: ['NO', 'EXPIRED'],
  },
  FORBIDDEN: { message: 'Not allowed', http: 403, smtp: [550, '5.7.1'], imap: ['NO', 'NOPERM'] },
  QUOTA_EXCEEDED: {
    message: 'Mailbox quota exceeded',
    http: 507,
    smtp: [552, '5.2.2'],
    imap: ['NO', 'OVERQUOTA'],
  },
  QUOTA_EXCEEDED_TEMPORARY: {
    message: 'Mailbox full; try again later',
    http: 507,
    smtp: [452, '4.2.2'],
    imap: ['NO', 'OVERQUOTA'],
  },
  MESSAGE_TOO_LARGE: {
    message: 'Message too large',
    http: 413,
    smtp: [552, '5.3.4'],
    imap: ['NO', 'TOOBIG'],
  },
  AUTH_REQUIRED: {
    message: 'Authentication required',
    http: 401,
    smtp: [530, '5.7.0'],
    imap: ['NO', 'AUTHENTICATIONFAILED'],
  },
  RELAY_DENIED: {
    message: 'Relay access denied',
    http: 403,
    smtp: [554, '5.7.1'],
    imap: ['NO', 'NOPERM'],
  },
  SENDER_NOT_ALLOWED: {
    message: 'Sender address not owned by the authenticated user',
    http: 403,
    smtp: [553, '5.7.1'],
    imap: ['NO', 'NOPERM'],
  },
  TOO_MANY_RECIPIENTS: {
    message: 'Too many recipients',
    http: 400,
    smtp: [452, '4.5.3'],
    imap: ['NO', 'LIMIT'],
  },
  RATE_LIMITED: {
    message: 'Too many connections or commands; slow down',
    http: 429,
    smtp: [421, '4.7.0'],
    imap: ['NO', 'LIMIT'],
  },
  CONFLICT: { message: 'Concurrent modification', http: 409, smtp: [451, '4.3.0'], imap: ['NO', 'INUSE'] },
  UNAVAILABLE: {
    message: 'Service temporarily unavailable',
    http: 503,
    smtp: [421, '4.3.0'],
    imap: ['NO', 'UNAVAILABLE'],
  },
  INTERNAL: { message: 'Internal error', http: 500, smtp: [451, '4.3.0'], imap: ['NO', 'SERVERBUG'] },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An expected failure with a catalogue code; anything else thrown is a bug (INTERNAL). */
export class ChasquiError extends Error {
  readonly code: ErrorCode;
  readonly spec: ErrorSpec;

  constructor(code: ErrorCode, detail?: string, options?: ErrorOptions) {
    const spec: ErrorSpec = errorCatalogue[code];
    super(detail ?? spec.message, options);
    this.name = 'ChasquiError';
    this.code = code;
    this.spec = spec;
  }
}

/** True when `error` is a ChasquiError, optionally of the given code. */
export function isChasquiError(error: unknown, code?: ErrorCode): error is ChasquiError {
  return error instanceof ChasquiError && (code === undefined || error.code === code);
}
