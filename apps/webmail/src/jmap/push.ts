// Push channel (RFC 8620 §7.3): an EventSource that delivers StateChange objects.
// Reconnects with backoff; the caller refetches with /changes on every change.
import type { StateChange } from './types.ts';

export interface PushHandle {
  close(): void;
}

export function subscribePush(
  url: string,
  onChange: (change: StateChange) => void,
  onStatus?: (connected: boolean) => void,
): PushHandle {
  let source: EventSource | null = null;
  let closed = false;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      delay = 1000;
      onStatus?.(true);
    });
    source.addEventListener('state', (event) => {
      const change = parseStateChange((event as MessageEvent<string>).data);
      if (change) onChange(change);
    });
    source.addEventListener('error', () => {
      onStatus?.(false);
      if (closed || source?.readyState !== EventSource.CLOSED) return;
      // The browser gave up (e.g. 401 or server restart): retry with backoff.
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  };
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}

export function parseStateChange(data: string): StateChange | null {
  try {
    const value = JSON.parse(data) as Partial<StateChange>;
    if (value['@type'] !== 'StateChange' || typeof value.changed !== 'object') return null;
    return value as StateChange;
  } catch {
    return null;
  }
}
