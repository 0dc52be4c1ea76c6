// The listener registry: every protocol front-end plugs a listener in here so the composition
// root starts and stops them together and /health can report each one.
import type { Server } from 'node:net';

/** How a listener uses TLS: none, STARTTLS upgrade (RFC 3207, 9051 §6.2.1) or TLS from the first byte (RFC 8314). */
export type TlsMode = 'none' | 'starttls' | 'implicit';

export type ListenerState = 'stopped' | 'starting' | 'up' | 'failed' | 'stopping';

/** One bound socket of one protocol. */
export interface Listener {
  readonly name: string;
  readonly host: string;
  /** Configured port; 0 lets the system pick (tests). */
  readonly port: number;
  readonly tls: TlsMode;
  start(): Promise<void>;
  /** Stops accepting, lets in-flight work finish and resolves when the socket is closed. */
  stop(): Promise<void>;
  /** The port actually bound, once started. */
  boundPort(): number | null;
}

export interface ListenerStatus {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly tls: TlsMode;
  readonly state: ListenerState;
  readonly error?: string;
}

interface Entry {
  readonly listener: Listener;
  state: ListenerState;
  error?: string;
}

/** Holds the listeners of one server process, in registration order. */
export class ListenerRegistry {
  private readonly entries = new Map<string, Entry>();

  register(listener: Listener): void {
    if (this.entries.has(listener.name)) throw new Error(`listener ${listener.name} registered twice`);
    this.entries.set(listener.name, { listener, state: 'stopped' });
  }

  get(name: string): Listener | undefined {
    return this.entries.get(name)?.listener;
  }

  /** Starts every listener; the first failure stops the ones already up and is rethrown. */
  async startAll(): Promise<void> {
    for (const entry of this.entries.values()) {
      entry.state = 'starting';
      try {
        await entry.listener.start();
        entry.state = 'up';
      } catch (error) {
        entry.state = 'failed';
        entry.error = error instanceof Error ? error.message : String(error);
        await this.stopAll();
        throw new Error(`listener ${entry.listener.name} (port ${entry.listener.port}): ${entry.error}`, {
          cause: error,
        });
      }
    }
  }

  /** Stops every running listener, in reverse order, concurrently bounded by the listeners themselves. */
  async stopAll(): Promise<void> {
    const running = [...this.entries.values()].filter((entry) => entry.state === 'up');
    await Promise.all(
      running.reverse().map(async (entry) => {
        entry.state = 'stopping';
        await entry.listener.stop();
        entry.state = 'stopped';
      }),
    );
  }

  status(): ListenerStatus[] {
    return [...this.entries.values()].map((entry) => ({
      name: entry.listener.name,
      host: entry.listener.host,
      port: entry.listener.boundPort() ?? entry.listener.port,
      tls: entry.listener.tls,
      state: entry.state,
      ...(entry.error === undefined ? {} : { error: entry.error }),
    }));
  }
}

/** Wraps a `net.Server` (plain, TLS or HTTP) as a listener. */
export function createServerListener(options: {
  name: string;
  host: string;
  port: number;
  tls: TlsMode;
  server: Server;
  /** Finishes the sessions in flight once the socket stops accepting (e.g. say goodbye). */
  drain?: () => Promise<void>;
}): Listener {
  const { server } = options;
  return {
    name: options.name,
    host: options.host,
    port: options.port,
    tls: options.tls,
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      }),
    stop: async () => {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await options.drain?.();
      await closed;
    },
    boundPort: () => {
      const address = server.address();
      return address !== null && typeof address === 'object' ? address.port : null;
    },
  };
}
