import type { Email } from '../jmap/types.ts';

/** How a compose window starts: blank, as a reply/forward of a message, or from a saved draft. */
export type ComposeStart =
  { mode: 'new' } | { mode: 'reply' | 'replyAll' | 'forward' | 'draft'; original: Email; text: string };
