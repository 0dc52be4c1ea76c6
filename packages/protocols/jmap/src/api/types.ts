// Shared shapes of the JMAP front-end (RFC 8620 §3): dependencies, the per-request context,
// method errors (§3.6.2) and the typed method registry entry.
import type { Clock, Logger } from '@chasqui/core';
import type { DeliveryService } from '@chasqui/delivery';
import type { DirectoryService } from '@chasqui/directory';
import type { JmapMailModel, MailService } from '@chasqui/mail';
import type { Account } from './account.js';
import type { BlobUploads } from '../http/blob-uploads.js';
import type { SubmissionScheduler } from '../methods/submission-scheduler.js';
import type { ImageProxyOptions } from '../image-proxy/image-route.js';

export type JsonObject = Record<string, unknown>;

export interface JmapLimits {
  readonly maxSizeUpload: number;
  readonly maxConcurrentUpload: number;
  readonly maxSizeRequest: number;
  readonly maxConcurrentRequests: number;
  readonly maxCallsInRequest: number;
  readonly maxObjectsInGet: number;
  readonly maxObjectsInSet: number;
}

export const defaultLimits: JmapLimits = {
  maxSizeUpload: 50_000_000,
  maxConcurrentUpload: 4,
  maxSizeRequest: 10_000_000,
  maxConcurrentRequests: 4,
  maxCallsInRequest: 32,
  maxObjectsInGet: 500,
  maxObjectsInSet: 500,
};

/** What the plugin needs from the composition root. */
export interface JmapDeps {
  readonly directory: DirectoryService;
  readonly mail: MailService;
  readonly model: JmapMailModel;
  readonly delivery: DeliveryService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits?: Partial<JmapLimits>;
  /** Bearer/cookie session lifetime; default 12 hours. */
  readonly sessionTtlMs?: number;
  /** Mark the session cookie Secure (default true; tests over plain HTTP may turn it off). */
  readonly secureCookie?: boolean;
  /** How often every node looks for due scheduled submissions; default 10 s. */
  readonly submissionPollMs?: number;
  /** How long a node holds a due submission while sending it; default 5 min. */
  readonly submissionLeaseMs?: number;
  /** Remote-image proxy limits (defaults: 10 s, 5 MB, 3 redirects, 300/min, public addresses only). */
  readonly imageProxy?: Partial<ImageProxyOptions>;
}

/** Services shared by all methods of one plugin instance. */
export interface JmapServices extends JmapDeps {
  readonly limitsResolved: JmapLimits;
  readonly uploads: BlobUploads;
  readonly scheduler: SubmissionScheduler;
}

/** One method call's world: the authenticated account and the request's created ids. */
export interface MethodContext {
  readonly services: JmapServices;
  readonly account: Account;
  /** Creation id → server id, shared across the request (RFC 8620 §3.3 createdIds). */
  readonly createdIds: Map<string, string>;
}

/** A method-level error (RFC 8620 §3.6.2); the dispatcher turns it into an "error" response. */
export class MethodError extends Error {
  constructor(
    readonly type: string,
    description?: string,
    readonly extra: JsonObject = {},
  ) {
    super(description ?? type);
  }
}

export type MethodHandler = (args: JsonObject, context: MethodContext) => Promise<JsonObject>;

export interface MethodSpec {
  readonly name: string;
  /** The capability the request must list in `using`. */
  readonly capability: string;
  readonly run: MethodHandler;
}

export const capabilities = {
  core: 'urn:ietf:params:jmap:core',
  mail: 'urn:ietf:params:jmap:mail',
  submission: 'urn:ietf:params:jmap:submission',
  vacation: 'urn:ietf:params:jmap:vacationresponse',
  websocket: 'urn:ietf:params:jmap:websocket',
  /** Server-side webmail preferences (Preferences/get, /set, /changes) and the image proxy. */
  preferences: 'urn:chasqui:params:jmap:preferences',
  /** Address autocomplete (Recipient/query). */
  directory: 'urn:chasqui:params:jmap:directory',
} as const;
