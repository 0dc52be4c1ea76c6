// The FETCH summary stored with a new message, computed from the exact bytes stored (delivery
// prepends trace headers after parsing, so the parse result cannot be reused for it). One
// delivery to many recipients passes the same bytes to every ingest: summarised once.
import { encodeSummary, summarizeMessage } from '../mime/message-summary.js';

const computed = new WeakMap<Uint8Array, string>();

/** The encoded summary of `raw` (see mime/message-summary). */
export function storedSummaryOf(raw: Uint8Array): string {
  let summary = computed.get(raw);
  if (summary === undefined) {
    summary = encodeSummary(summarizeMessage(raw));
    computed.set(raw, summary);
  }
  return summary;
}
