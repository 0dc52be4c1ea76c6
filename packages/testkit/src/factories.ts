// Test data shared by store contract tests, crash tests and benchmarks.
import type { NewMessage, Store } from '@chasqui/store';

let counter = 0;

export interface MailOptions {
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
}

/** An RFC 5322 message (CRLF) whose Message-ID and body are unique unless given. */
export function mailMessage(options: MailOptions = {}): Uint8Array {
  counter++;
  const lines = [
    `From: ${options.from ?? 'Ana <ana@example.test>'}`,
    `To: ${options.to ?? 'bob@example.test'}`,
    `Subject: ${options.subject ?? 'Hola'}`,
    `Message-ID: ${options.messageId ?? `<m${counter}.${Date.now()}@example.test>`}`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
    ...(options.headers ?? []),
    '',
    options.body ?? `cuerpo ${counter} ${Math.random()}`,
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** A small message whose bytes are unique unless `body` is given. */
export function rawMessage(subject = 'Hola', body?: string): Uint8Array {
  return mailMessage(body === undefined ? { subject } : { subject, body });
}

export function newMessage(
  accountId: number,
  mailboxIds: number[],
  overrides: Partial<NewMessage> = {},
): NewMessage {
  return {
    accountId,
    mailboxIds,
    raw: rawMessage(),
    receivedAt: 1_700_000_000_000,
    sentAt: null,
    subject: 'Hola',
    from: 'Ana <ana@example.test>',
    to: 'bob@example.test',
    messageIdHeader: null,
    inReplyTo: null,
    references: [],
    threadId: null,
    preview: 'cuerpo',
    hasAttachment: false,
    flags: 0,
    keywords: [],
    searchText: 'cuerpo',
    ...overrides,
  };
}

/** A domain, an account and its INBOX. */
export async function seedAccount(
  store: Store,
  address = 'ana@example.test',
  quotaBytes: number | null = null,
) {
  const domainName = address.slice(address.indexOf('@') + 1);
  const domain = (await store.domains.getByName(domainName)) ?? (await store.domains.create(domainName));
  const account = await store.accounts.create({
    domainId: domain.id,
    address,
    displayName: 'Ana',
    passwordHash: 'x',
    quotaBytes,
  });
  const inbox = await store.mailboxes.create(account.id, { name: 'INBOX', role: 'inbox' });
  return { domain, account, inbox };
}
