// What compose sends to the server: an Email/set create object (RFC 8621 §4.6) for drafts
// and sending, and the reply/forward starting points derived from an original message.
import type { Email, EmailAddress, Identity } from '../jmap/types.ts';

export interface DraftAttachment {
  blobId: string;
  name: string;
  type: string;
  size: number;
  /** Set for inline images referenced from the HTML body as cid:… */
  cid?: string;
}

export interface DraftContent {
  identity: Pick<Identity, 'id' | 'name' | 'email'>;
  to: EmailAddress[];
  cc: EmailAddress[];
  bcc: EmailAddress[];
  subject: string;
  /** HTML body when composing rich text, null for plain text. */
  html: string | null;
  text: string;
  attachments: DraftAttachment[];
  inReplyTo: string[] | null;
  references: string[] | null;
  tags: string[];
}

/** Parses "Ana Pérez <ana@x.pe>, b@y.pe; c@z.pe" into addresses; skips invalid parts. */
export function parseAddresses(input: string): EmailAddress[] {
  const out: EmailAddress[] = [];
  for (const part of input.split(/[,;]\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const angle = /^(.*)<([^<>\s]+@[^<>\s]+)>$/.exec(trimmed);
    if (angle) {
      const name = (angle[1] ?? '').trim().replace(/^"|"$/g, '');
      out.push({ name: name || null, email: angle[2] ?? '' });
    } else if (/^[^\s@]+@[^\s@]+$/.test(trimmed)) out.push({ name: null, email: trimmed });
  }
  return out;
}

export function formatAddress(address: EmailAddress): string {
  return address.name ? `${address.name} <${address.email}>` : address.email;
}

export function formatAddresses(list: EmailAddress[] | null | undefined): string {
  return (list ?? []).map(formatAddress).join(', ');
}

/** The Email/set create object; `mailboxIds` is Drafts while drafting and at submission. */
export function toEmailCreate(draft: DraftContent, draftsMailboxId: string): Record<string, unknown> {
  const keywords: Record<string, boolean> = { $draft: true, $seen: true };
  for (const tag of draft.tags) keywords[tag] = true;
  const email: Record<string, unknown> = {
    mailboxIds: { [draftsMailboxId]: true },
    keywords,
    from: [{ name: draft.identity.name || null, email: draft.identity.email }],
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    textBody: [{ partId: 'text', type: 'text/plain' }],
    bodyValues: { text: { value: draft.text } },
    attachments: draft.attachments.map((a) => ({
      blobId: a.blobId,
      type: a.type,
      name: a.name,
      disposition: a.cid ? 'inline' : 'attachment',
      ...(a.cid ? { cid: a.cid } : {}),
    })),
  };
  if (draft.html !== null) {
    email['htmlBody'] = [{ partId: 'html', type: 'text/html' }];
    (email['bodyValues'] as Record<string, { value: string }>)['html'] = { value: draft.html };
  }
  if (draft.inReplyTo) email['inReplyTo'] = draft.inReplyTo;
  if (draft.references) email['references'] = draft.references;
  return email;
}

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

export interface ReplyStart {
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  quotedText: string;
  inReplyTo: string[] | null;
  references: string[] | null;
  attachments: DraftAttachment[];
}

function prefixed(subject: string, prefix: string): string {
  const bare = subject.replace(/^\s*((re|rv|fw|fwd|res)\s*:\s*)+/i, '');
  return `${prefix} ${bare}`.trim();
}

function sameAddress(a: EmailAddress, b: EmailAddress): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

/**
 * Recipients, subject, threading headers and quote for a reply or forward.
 * `own` lists the user's identities, removed from reply-all recipients.
 */
export function startReply(
  original: Email,
  originalText: string,
  mode: ReplyMode,
  own: EmailAddress[],
  labels: { replyPrefix: string; forwardPrefix: string; wrote: string; forwarded: string },
): ReplyStart {
  const sender = original.replyTo?.length ? original.replyTo : (original.from ?? []);
  const notOwn = (a: EmailAddress) => !own.some((o) => sameAddress(o, a));
  const quoted = originalText
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  if (mode === 'forward') {
    return {
      to: [],
      cc: [],
      subject: prefixed(original.subject ?? '', labels.forwardPrefix),
      quotedText: `${labels.forwarded}\n${originalText}`,
      inReplyTo: null,
      references: null,
      attachments: (original.attachments ?? [])
        .filter((p) => p.blobId)
        .map((p) => ({ blobId: p.blobId ?? '', name: p.name ?? 'adjunto', type: p.type, size: p.size })),
    };
  }
  const to = mode === 'reply' ? sender : [...sender, ...(original.to ?? []).filter(notOwn)];
  const cc = mode === 'replyAll' ? (original.cc ?? []).filter(notOwn) : [];
  const unique = (list: EmailAddress[]) =>
    list.filter((a, i) => list.findIndex((b) => sameAddress(a, b)) === i);
  const messageId = original.messageId ?? [];
  return {
    to: unique(to),
    cc: unique(cc).filter((a) => !to.some((b) => sameAddress(a, b))),
    subject: prefixed(original.subject ?? '', labels.replyPrefix),
    quotedText: `${labels.wrote}\n${quoted}`,
    inReplyTo: messageId.length ? messageId : null,
    references: messageId.length ? [...(original.references ?? []), ...messageId] : null,
    attachments: [],
  };
}

/** Escapes plain text into paragraphs for the rich-text editor. */
export function textToParagraphs(text: string): string {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${String(c.charCodeAt(0))};`);
  return text
    .split('\n')
    .map((line) => `<p>${escape(line) || '<br>'}</p>`)
    .join('');
}
