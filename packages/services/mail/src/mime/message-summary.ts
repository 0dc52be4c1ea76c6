// What IMAP FETCH answers without the message bytes (Dovecot's cache fields): ENVELOPE,
// BODYSTRUCTURE (extended; BODY derives from it) and the header size, computed once from the raw
// bytes at delivery and stored as JSON with the content (blobs.summary), so that FETCH ENVELOPE
// BODYSTRUCTURE of a whole mailbox is one read and no MIME parse.
import { bodyStructureValue } from './body-structure.js';
import { envelopeValue } from './envelope.js';
import { parseMimeTree, type MimeEntity } from './mime-tree.js';
import type { SummaryValue } from './summary-value.js';

export interface MessageSummary {
  readonly envelope: readonly SummaryValue[];
  /** BODYSTRUCTURE with extension data. */
  readonly bodyStructure: readonly SummaryValue[];
  /** Bytes of the top-level header including the blank line (RFC822.HEADER). */
  readonly headerSize: number;
}

/** Bumped when the computed values change: stored summaries of another version are recomputed. */
const summaryVersion = 1;

/** The summary of a message already parsed into its MIME tree. */
export function summarizeTree(raw: Buffer, root: MimeEntity): MessageSummary {
  return {
    envelope: envelopeValue(root),
    bodyStructure: bodyStructureValue(raw, root, true),
    headerSize: root.bodyStart,
  };
}

/** Parses the message and returns its summary. */
export function summarizeMessage(raw: Uint8Array): MessageSummary {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return summarizeTree(bytes, parseMimeTree(bytes));
}

/** The stored form: `[version, headerSize, envelope, bodyStructure]` as JSON. */
export function encodeSummary(summary: MessageSummary): string {
  return JSON.stringify([summaryVersion, summary.headerSize, summary.envelope, summary.bodyStructure]);
}

/** The summary from its stored form; null when absent, of another version or unreadable. */
export function decodeSummary(stored: string | null): MessageSummary | null {
  if (stored === null || stored === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value[0] !== summaryVersion) return null;
  const [, headerSize, envelope, bodyStructure] = value as unknown[];
  if (typeof headerSize !== 'number' || !Array.isArray(envelope) || !Array.isArray(bodyStructure))
    return null;
  return {
    headerSize,
    envelope: envelope as SummaryValue[],
    bodyStructure: bodyStructure as SummaryValue[],
  };
}

/** Extension fields of a multipart with no children (only past the nesting limit): subtype + 4. */
const childlessMultipartLength = 5;

/**
 * BODY (RFC 9051 §7.5.2 body without extension data) from an extended BODYSTRUCTURE: a
 * multipart keeps its children and subtype; a single part its seven basic fields, plus the
 * line count of text, or envelope, body and lines of message/rfc822 and message/global.
 */
export function basicBodyOf(structure: readonly SummaryValue[]): SummaryValue[] {
  const first = structure[0];
  if (Array.isArray(first) || structure.length === childlessMultipartLength) {
    const out: SummaryValue[] = [];
    for (const item of structure) {
      if (!Array.isArray(item)) return [...out, item];
      out.push(basicBodyOf(item));
    }
    return out;
  }
  const basic = structure.slice(0, 7);
  const subtype = structure[1];
  if (first === 'TEXT') basic.push(structure[7] ?? 0);
  else if (first === 'MESSAGE' && (subtype === 'RFC822' || subtype === 'GLOBAL')) {
    const inner = structure[8];
    basic.push(structure[7] ?? null, Array.isArray(inner) ? basicBodyOf(inner) : null, structure[9] ?? 0);
  }
  return basic;
}
