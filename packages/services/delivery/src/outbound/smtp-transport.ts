// One SMTP transaction to one remote host (nodemailer's SMTP client): opportunistic STARTTLS, or
// verified TLS when MTA-STS enforces it; per-recipient answers for the queue and the DSN.
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

export interface TransportRequest {
  readonly host: string;
  readonly port: number;
  /** Our EHLO name. */
  readonly heloName: string;
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly raw: Uint8Array;
  /** MTA-STS enforce: TLS required and the certificate must match `host`. */
  readonly requireVerifiedTls: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Implicit TLS (a smart host on 465). */
  readonly secure?: boolean;
  readonly timeoutMs: number;
  readonly dsn?: { readonly envid?: string; readonly ret?: string };
}

export interface RecipientReply {
  readonly address: string;
  readonly accepted: boolean;
  /** e.g. `550 5.1.1 <x@y>: user unknown`. */
  readonly reply: string;
  readonly permanent: boolean;
}

export interface TransportResult {
  readonly replies: readonly RecipientReply[];
  readonly tls: boolean;
}

/** A failure before any recipient was answered (connect, greeting, TLS, MAIL FROM, DATA). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The RFC 8460 result type when TLS was what failed, for TLS-RPT. */
    readonly tlsFailure: string | null = null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** RFC 8460 §4.3 result type of a TLS failure, or null when the failure was not TLS. */
export function tlsFailureType(error: SMTPConnection.SMTPError): string | null {
  const text = `${error.code ?? ''} ${error.message}`;
  if (!/ETLS|certificate|STARTTLS|SSL|TLS/i.test(text)) return null;
  if (/STARTTLS/i.test(text)) return 'starttls-not-supported';
  if (/altnames|hostname|host name/i.test(text)) return 'certificate-host-mismatch';
  if (/expired/i.test(text)) return 'certificate-expired';
  if (/self.signed|unable to (get|verify)|not trusted|certificate/i.test(text))
    return 'certificate-not-trusted';
  return 'validation-failure';
}

function isPermanent(error: SMTPConnection.SMTPError): boolean {
  return typeof error.responseCode === 'number' && error.responseCode >= 500;
}

function connect(connection: SMTPConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.once('error', reject);
    connection.connect(() => {
      connection.removeListener('error', reject);
      resolve();
    });
  });
}

function login(connection: SMTPConnection, auth: { user: string; pass: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.login(auth, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

function send(
  connection: SMTPConnection,
  envelope: SMTPConnection.Envelope,
  raw: Uint8Array,
): Promise<SMTPConnection.SentMessageInfo> {
  return new Promise((resolve, reject) => {
    connection.send(envelope, Buffer.from(raw), (error, info) => {
      if (error) reject(error);
      else resolve(info);
    });
  });
}

function replies(request: TransportRequest, info: SMTPConnection.SentMessageInfo): RecipientReply[] {
  const rejected = new Map<string, SMTPConnection.SMTPError>();
  for (const error of info.rejectedErrors ?? []) {
    const address = /<([^>]+)>/.exec(error.message)?.[1] ?? error.message;
    rejected.set(address.toLowerCase(), error);
  }
  return request.recipients.map((address) => {
    if (info.accepted.some((a) => a.toLowerCase() === address.toLowerCase())) {
      return { address, accepted: true, reply: info.response, permanent: false };
    }
    const error = rejected.get(address.toLowerCase());
    return {
      address,
      accepted: false,
      reply: error?.response ?? error?.message ?? 'rejected',
      permanent: error ? isPermanent(error) : false,
    };
  });
}

export async function deliverToHost(request: TransportRequest): Promise<TransportResult> {
  const connection = new SMTPConnection({
    host: request.host,
    port: request.port,
    name: request.heloName,
    secure: request.secure ?? false,
    requireTLS: request.requireVerifiedTls,
    opportunisticTLS: !request.requireVerifiedTls,
    tls: { rejectUnauthorized: request.requireVerifiedTls, servername: request.host },
    connectionTimeout: request.timeoutMs,
    greetingTimeout: request.timeoutMs,
    socketTimeout: request.timeoutMs * 5,
    logger: false,
  });
  try {
    await connect(connection);
    if (request.auth) await login(connection, request.auth);
    const info = await send(
      connection,
      {
        from: request.mailFrom,
        to: [...request.recipients],
        size: request.raw.byteLength,
        ...(request.dsn ? { dsn: { ...request.dsn } } : {}),
      },
      request.raw,
    );
    return { replies: replies(request, info), tls: connection.secure };
  } catch (error) {
    const smtpError = error as SMTPConnection.SMTPError;
    if (smtpError.code === 'EENVELOPE' && smtpError.rejectedErrors) {
      return {
        replies: replies(request, {
          accepted: [],
          rejected: [],
          rejectedErrors: smtpError.rejectedErrors,
        } as never),
        tls: connection.secure,
      };
    }
    throw new TransportError(
      smtpError.response ?? smtpError.message,
      isPermanent(smtpError),
      tlsFailureType(smtpError),
    );
  } finally {
    connection.close();
  }
}
