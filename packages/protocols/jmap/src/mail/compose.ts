// RFC 8621 §4.6 Email/set create: builds an RFC 5322 message from the structured Email
// properties (addresses, subject, textBody/htmlBody with bodyValues, attachments from blobs)
// with nodemailer's MailComposer.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { JsonObject } from '../api/types.js';
import { SetFailure } from '../api/set-support.js';

interface Address {
  name?: string | null;
  email: string;
}

function addresses(value: unknown): { name: string; address: string }[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new SetFailure('invalidProperties', 'addresses must be a list');
  return (value as Address[]).map((item) => ({ name: item.name ?? '', address: item.email }));
}

function bodyText(email: JsonObject, kind: 'textBody' | 'htmlBody'): string | undefined {
  const parts = email[kind] as { partId?: string }[] | undefined;
  const values = (email['bodyValues'] ?? {}) as Record<string, { value?: string }>;
  const partId = parts?.[0]?.partId;
  if (partId === undefined) return undefined;
  const value = values[partId]?.value;
  if (typeof value !== 'string')
    throw new SetFailure('invalidProperties', `no bodyValue for ${partId}`, [kind]);
  return value;
}

export type BlobLoader = (blobId: string) => Promise<Uint8Array | null>;

/** Builds the raw message; attachments are read through `loadBlob`. */
export async function composeEmail(email: JsonObject, loadBlob: BlobLoader, now: number): Promise<Buffer> {
  const attachments = [];
  for (const part of (email['attachments'] ?? []) as JsonObject[]) {
    const blobId = String(part['blobId']);
    const content = await loadBlob(blobId);
    if (!content) throw new SetFailure('blobNotFound', `blob ${blobId} not found`);
    attachments.push({
      filename: typeof part['name'] === 'string' ? part['name'] : 'attachment',
      content: Buffer.from(content),
      contentType: typeof part['type'] === 'string' ? part['type'] : 'application/octet-stream',
      ...(typeof part['cid'] === 'string' ? { cid: part['cid'] } : {}),
    });
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(email)) {
    if (key.startsWith('header:') && typeof value === 'string')
      headers[key.split(':')[1] ?? ''] = value.trim();
  }
  const inReplyTo = email['inReplyTo'] as string[] | null | undefined;
  const references = email['references'] as string[] | null | undefined;
  const composer = new MailComposer({
    from: addresses(email['from'])?.[0],
    to: addresses(email['to']),
    cc: addresses(email['cc']),
    bcc: addresses(email['bcc']),
    replyTo: addresses(email['replyTo']),
    subject: typeof email['subject'] === 'string' ? email['subject'] : '',
    text: bodyText(email, 'textBody'),
    html: bodyText(email, 'htmlBody'),
    attachments,
    date: typeof email['sentAt'] === 'string' ? new Date(email['sentAt']) : new Date(now),
    headers,
    ...(inReplyTo?.[0] ? { inReplyTo: `<${inReplyTo[0]}>` } : {}),
    ...(references ? { references: references.map((id) => `<${id}>`) } : {}),
  });
  // Bcc stays in the stored draft: the submission reads recipients from it (RFC 8621 §7.5).
  const built = composer.compile();
  built.keepBcc = true;
  return built.build();
}
