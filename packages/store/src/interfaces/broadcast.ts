// Messages to every process of every node sharing the database (PostgreSQL LISTEN/NOTIFY).
// The embedded SQLite store is one node, and has none.

export type BroadcastListener = (payload: string) => void;

export interface Broadcast {
  /** Sends `payload` (at most 7,900 bytes) to every subscriber of `channel`, this process's too. */
  publish(channel: string, payload: string): Promise<void>;
  /** Listens on `channel`; returns the function that stops listening. */
  subscribe(channel: string, listener: BroadcastListener): Promise<() => void>;
}
