// A small typed JMAP client (RFC 8620): session, batched method calls with back-references
// (§3.7), per-type state tracking, blob upload with progress (§6.1) and download URLs (§6.2).
import type { Invocation, Id, JmapSession, ResultReference, SetError } from './types.ts';
import {
  CAPABILITY_CORE,
  CAPABILITY_DIRECTORY,
  CAPABILITY_MAIL,
  CAPABILITY_PREFERENCES,
  CAPABILITY_SUBMISSION,
  CAPABILITY_VACATION,
} from './types.ts';

/** A method-level error (RFC 8620 §3.6.2) returned in place of a response. */
export class JmapMethodError extends Error {
  constructor(
    readonly type: string,
    readonly method: string,
    description?: string,
  ) {
    super(description ?? `${method}: ${type}`);
    this.name = 'JmapMethodError';
  }
}

/** A request-level failure: HTTP status other than 200, or a problem-details body. */
export class JmapRequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'JmapRequestError';
  }
}

/** A SetError for one object, raised by {@link assertSet}. */
export class JmapSetError extends Error {
  constructor(
    readonly id: string,
    readonly error: SetError,
  ) {
    super(error.description ?? error.type);
    this.name = 'JmapSetError';
  }
}

export interface JmapClientOptions {
  /** Origin and prefix, e.g. "" for same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  csrfToken?: string | null;
}

/** One queued call of a batch; `ref` builds a back-reference to its result. */
export interface PendingCall<R> {
  readonly id: string;
  ref(path: string, name?: string): ResultReference;
  readonly result: Promise<R>;
}

interface Queued {
  invocation: Invocation;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

const USING = [CAPABILITY_CORE, CAPABILITY_MAIL, CAPABILITY_SUBMISSION, CAPABILITY_VACATION];
/** Extensions named in `using` only when the session offers them (else: unknownCapability). */
const OPTIONAL_USING = [CAPABILITY_PREFERENCES, CAPABILITY_DIRECTORY];

export class JmapClient {
  session: JmapSession | null = null;
  csrfToken: string | null;
  /** Last known state string per data type ("Email", "Mailbox", …), for /changes. */
  readonly states = new Map<string, string>();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private queue: Queued[] = [];
  private flushScheduled = false;
  private nextCallId = 0;

  constructor(options: JmapClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.csrfToken = options.csrfToken ?? null;
  }

  /** Fetches the session resource (RFC 8620 §2). Throws JmapRequestError(401) when logged out. */
  async loadSession(): Promise<JmapSession> {
    const response = await this.fetchImpl(`${this.baseUrl}/jmap/session`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw await requestError(response);
    const session = (await response.json()) as JmapSession;
    if (session.csrfToken && !this.csrfToken) this.csrfToken = session.csrfToken;
    this.session = session;
    return session;
  }

  get accountId(): Id {
    const id = this.session?.primaryAccounts[CAPABILITY_MAIL];
    if (!id) throw new Error('No mail account in the session');
    return id;
  }

  /**
   * Queues one method call; calls made in the same tick go out as one request.
   * `accountId` is filled in when absent.
   */
  call<R = Record<string, unknown>>(method: string, args: Record<string, unknown>): Promise<R> {
    return this.enqueue<R>(method, args).result;
  }

  /**
   * Starts an explicit batch: calls added to it are sent together and may reference
   * each other's results (RFC 8620 §3.7). Call `send()` when done.
   */
  batch(): {
    add<R = Record<string, unknown>>(method: string, args: Record<string, unknown>): PendingCall<R>;
    send(): Promise<void>;
  } {
    const items: Queued[] = [];
    const calls: PendingCall<unknown>[] = [];
    return {
      add: <R>(method: string, args: Record<string, unknown>): PendingCall<R> => {
        const pending = this.makeCall<R>(method, args, (q) => items.push(q));
        calls.push(pending);
        return pending;
      },
      send: async () => {
        await this.sendQueued(items);
        await Promise.allSettled(calls.map((c) => c.result));
      },
    };
  }

  private enqueue<R>(method: string, args: Record<string, unknown>): PendingCall<R> {
    const pending = this.makeCall<R>(method, args, (q) => this.queue.push(q));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        const items = this.queue;
        this.queue = [];
        void this.sendQueued(items);
      });
    }
    return pending;
  }

  private makeCall<R>(
    method: string,
    args: Record<string, unknown>,
    push: (q: Queued) => void,
  ): PendingCall<R> {
    const id = `c${String(this.nextCallId++)}`;
    const fullArgs =
      'accountId' in args || method === 'Core/echo' ? args : { accountId: this.accountId, ...args };
    let resolve!: (v: unknown) => void;
    let reject!: (r: unknown) => void;
    const result = new Promise<R>((res, rej) => {
      resolve = res as (v: unknown) => void;
      reject = rej;
    });
    // The caller may never await a call whose only purpose is a back-reference.
    result.catch(() => undefined);
    push({ invocation: [method, fullArgs, id], resolve, reject });
    return { id, result, ref: (path, name = method) => ({ resultOf: id, name, path }) };
  }

  private async sendQueued(items: Queued[], signal?: AbortSignal): Promise<void> {
    if (items.length === 0) return;
    try {
      const responses = await this.request(
        items.map((q) => q.invocation),
        signal,
      );
      for (const item of items) settle(item, responses, this.states);
    } catch (error) {
      for (const item of items) item.reject(error);
    }
  }

  /**
   * Sends one call in a request of its own, abortable: for lookups such as autocomplete, where
   * a newer keystroke makes the pending answer useless.
   */
  async callAlone<R = Record<string, unknown>>(
    method: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<R> {
    const queued: Queued[] = [];
    const call = this.makeCall<R>(method, args, (q) => queued.push(q));
    await this.sendQueued(queued, signal);
    return call.result;
  }

  /** True when the session advertises `capability`. */
  hasCapability(capability: string): boolean {
    return Boolean(this.session?.capabilities[capability]);
  }

  /** Sends raw invocations as one request (RFC 8620 §3.3). */
  async request(methodCalls: Invocation[], signal?: AbortSignal): Promise<Invocation[]> {
    const url = this.session?.apiUrl ?? `${this.baseUrl}/jmap/api`;
    const using = [...USING, ...OPTIONAL_USING.filter((c) => this.hasCapability(c))];
    const response = await this.fetchImpl(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: this.headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: JSON.stringify({ using, methodCalls }),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await requestError(response);
    const body = (await response.json()) as { methodResponses: Invocation[]; sessionState?: string };
    if (this.session && body.sessionState && body.sessionState !== this.session.state) {
      void this.loadSession().catch(() => undefined);
    }
    return body.methodResponses;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.csrfToken ? { ...extra, 'X-Chasqui-CSRF': this.csrfToken } : extra;
  }

  /** Expands the session's download template (RFC 8620 §6.2). */
  downloadUrl(blobId: Id, name: string, type: string): string {
    const template =
      this.session?.downloadUrl ?? `${this.baseUrl}/jmap/download/{accountId}/{blobId}/{name}?type={type}`;
    return expandTemplate(template, { accountId: this.accountId, blobId, name, type });
  }

  /** Uploads a blob (RFC 8620 §6.1), reporting progress from 0 to 1. */
  upload(
    file: Blob,
    onProgress?: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ blobId: Id; type: string; size: number }> {
    const template = this.session?.uploadUrl ?? `${this.baseUrl}/jmap/upload/{accountId}/`;
    const url = expandTemplate(template, { accountId: this.accountId });
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      for (const [name, value] of Object.entries(
        this.headers({ 'Content-Type': file.type || 'application/octet-stream' }),
      )) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded / e.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.(1);
          resolve(JSON.parse(xhr.responseText) as { blobId: Id; type: string; size: number });
        } else reject(new JmapRequestError(xhr.status, 'upload', xhr.statusText));
      };
      xhr.onerror = () => {
        reject(new JmapRequestError(0, 'network', 'upload failed'));
      };
      signal?.addEventListener('abort', () => {
        xhr.abort();
        reject(new DOMException('aborted', 'AbortError'));
      });
      xhr.send(file);
    });
  }

  /** URL of the push channel (RFC 8620 §7.3). */
  eventSourceUrl(): string {
    const template =
      this.session?.eventSourceUrl ??
      `${this.baseUrl}/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}`;
    return expandTemplate(template, { types: '*', closeafter: 'no', ping: '30' });
  }

  /** True when `newState` for `type` differs from what the client last saw. */
  isStale(type: string, newState: string): boolean {
    return this.states.get(type) !== newState;
  }
}

function settle(item: Queued, responses: Invocation[], states: Map<string, string>): void {
  const [method, , id] = item.invocation;
  const response = responses.find((r) => r[2] === id);
  if (!response) {
    item.reject(new JmapMethodError('missingResponse', method));
    return;
  }
  const [name, args] = response;
  if (name === 'error') {
    item.reject(new JmapMethodError(String(args['type']), method, args['description'] as string | undefined));
    return;
  }
  // Track /get and /set states for the push and /changes logic.
  const type = method.split('/')[0] ?? method;
  const state = (args['state'] ?? args['newState']) as string | undefined;
  if (state && (method.endsWith('/get') || method.endsWith('/set') || method.endsWith('/changes'))) {
    states.set(type, state);
  }
  item.resolve(args);
}

/** RFC 6570 level-1 expansion, as used by the JMAP session templates. */
export function expandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? encodeURIComponent(values[key] ?? '') : whole,
  );
}

async function requestError(response: Response): Promise<JmapRequestError> {
  let type = 'http';
  let detail = response.statusText;
  try {
    const body = (await response.json()) as { type?: string; detail?: string; error?: string };
    type = body.type ?? body.error ?? type;
    detail = body.detail ?? detail;
  } catch {
    // Not JSON: keep the status text.
  }
  return new JmapRequestError(response.status, type, detail);
}

/** Throws the first SetError of a /set response; returns the response otherwise. */
export function assertSet<T extends { notCreated?: unknown; notUpdated?: unknown; notDestroyed?: unknown }>(
  response: T,
): T {
  for (const key of ['notCreated', 'notUpdated', 'notDestroyed'] as const) {
    const failures = response[key] as Record<string, SetError> | null | undefined;
    const first = failures ? Object.entries(failures)[0] : undefined;
    if (first) throw new JmapSetError(first[0], first[1]);
  }
  return response;
}
