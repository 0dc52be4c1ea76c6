// RFC 5256 §2.1 base subject: what is left of a Subject once "Re:", "Fwd:", "[list]" blobs,
// "(fwd)" trailers and "[fwd: …]" wrappers are taken off. SORT SUBJECT and both THREAD
// algorithms compare it; whether anything reply-like was removed makes a message a "reply or
// forward" for THREAD=REFERENCES §5.

export interface BaseSubject {
  /** The base subject, whitespace collapsed, case kept (compare with i;ascii-casemap). */
  readonly text: string;
  /** True when a "re"/"fw"/"fwd" leader, a "(fwd)" trailer or a "[fwd: …]" wrapper was removed. */
  readonly isReplyOrForward: boolean;
}

// subj-trailer = "(fwd)" / WSP
const trailer = /(?:\(fwd\)|\s)$/i;
// subj-blob = "[" *BLOBCHAR "]" *WSP
const blob = /^\[[^[\]]*\]\s*/;
// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
const refwd = /^(?:re|fwd?)\s*(?:\[[^[\]]*\]\s*)?:/i;
const leadingSpace = /^\s+/;

/** Step 2: removes "(fwd)" and whitespace at the end, as often as they occur. */
function removeTrailers(text: string, state: { isReply: boolean }): string {
  let current = text;
  for (let match = trailer.exec(current); match !== null; match = trailer.exec(current)) {
    if (match[0].length > 1) state.isReply = true;
    current = current.slice(0, current.length - match[0].length);
  }
  return current;
}

/** Step 3: removes one subj-leader ((blobs then re/fwd) or whitespace); null when none. */
function removeLeader(text: string, state: { isReply: boolean }): string | null {
  const space = leadingSpace.exec(text);
  if (space) return text.slice(space[0].length);
  let rest = text;
  for (let match = blob.exec(rest); match !== null; match = blob.exec(rest)) {
    rest = rest.slice(match[0].length);
  }
  const reply = refwd.exec(rest);
  if (!reply) return null;
  state.isReply = true;
  return rest.slice(reply[0].length);
}

/** Step 4: removes one leading blob when something remains after it; null when none. */
function removeBlob(text: string): string | null {
  const match = blob.exec(text);
  if (!match) return null;
  const rest = text.slice(match[0].length);
  return rest === '' ? null : rest;
}

/** Steps 3 to 5: leaders and blobs until neither is left. */
function removeLeaders(text: string, state: { isReply: boolean }): string {
  let current = text;
  for (;;) {
    const next = removeLeader(current, state) ?? removeBlob(current);
    if (next === null) return current;
    current = next;
  }
}

/**
 * The base subject of a decoded Subject (RFC 5256 §2.1 steps 1–7). Encoded-words must already
 * be decoded (step 1's first half); whitespace is collapsed here.
 */
export function baseSubject(subject: string): BaseSubject {
  const state = { isReply: false };
  let text = subject.replace(/\s+/g, ' ');
  for (;;) {
    text = removeLeaders(removeTrailers(text, state), state);
    // Step 6: "[fwd: …]" wraps a forwarded subject; unwrap it and start again at step 2.
    if (/^\[fwd:/i.test(text) && text.endsWith(']')) {
      state.isReply = true;
      text = text.slice(5, -1);
      continue;
    }
    return { text, isReplyOrForward: state.isReply };
  }
}
