// What the primary and the workers of `chasqui serve --workers N` say to each other over the
// cluster IPC channel. Every message carries a `chasqui:` type so nothing else is mistaken for one.
import type { AuthAttempt } from '@chasqui/directory';
import type { MailChange } from '@chasqui/mail';

export type LimiterOperation = 'check' | 'failure' | 'success';

export interface LimiterVerdict {
  readonly allowed: boolean;
  readonly retryAfterMs: number;
}

export type ClusterMessage =
  /** A worker committed a mail change; the primary passes it to every other worker. */
  | { readonly type: 'chasqui:mail-change'; readonly change: MailChange }
  /** A worker asks the primary's shared brute-force limiter. */
  | {
      readonly type: 'chasqui:limiter';
      readonly id: number;
      readonly operation: LimiterOperation;
      readonly attempt: AuthAttempt;
    }
  | { readonly type: 'chasqui:limiter-reply'; readonly id: number; readonly verdict: LimiterVerdict }
  /** A worker's listeners are all bound. */
  | { readonly type: 'chasqui:ready' };

export function isClusterMessage(value: unknown): value is ClusterMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('chasqui:');
}

/** One end of the IPC channel: a worker's `process`, or the primary's handle on one worker. */
export interface ClusterChannel {
  send(message: ClusterMessage): void;
  onMessage(listener: (message: ClusterMessage) => void): void;
}

/** The worker's end: its own process's IPC channel to the primary. */
export function primaryChannel(): ClusterChannel {
  return {
    send(message) {
      // A worker whose primary is gone is being shut down; nothing to tell.
      if (process.connected) process.send?.(message);
    },
    onMessage(listener) {
      process.on('message', (message: unknown) => {
        if (isClusterMessage(message)) listener(message);
      });
    },
  };
}
