// Test data shared by store contract tests, crash tests and benchmarks.
import type { NewMessage, Store } from '@chasqui/store';

let counter = 0;

/** A small RFC 5322 message whose bytes are unique unless `body` is given. */
export function rawMessage(subject = 'Hola', body?: string): Uint8Array {
  counter++;
  const text =
    `From: Ana <ana@example.test>\r\nTo: bob@example.test\r\nSubject: ${subject}\r\n` +
    `Message-ID: <m${counter}.${Date.now()}@example.test>\r\n\r\n${body ?? `cuerpo ${counter} ${Math.random()}`}\r\n`;
  return new TextEncoder().encode(text);
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
