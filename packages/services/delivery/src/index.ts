// The delivery service: the pipeline of ARCHITECTURE.md §4, DKIM, the outbound queue and DSNs.
export {
  DeliveryService,
  type DeliveryDeps,
  type DeliveryOptions,
  type DeliveryResult,
  type RecipientCheck,
} from './delivery-service.js';
export { internalSession } from './types.js';
export type {
  DeliveryContext,
  Entry,
  Envelope,
  EnvelopeRecipient,
  Refusal,
  SessionInfo,
  Stage,
  Verdict,
} from './types.js';
export { DkimKeyManager, dkimTxtRecord, generateDkimKeyPair } from './dkim/dkim-keys.js';
export { DkimSigner } from './dkim/dkim-signer.js';
export { QueueWorker, type QueueWorkerOptions } from './outbound/queue-worker.js';
export { MtaStsCache, applyStsPolicy } from './outbound/mta-sts.js';
export { defaultRetryPolicy, type RetryPolicy } from './outbound/retry-schedule.js';
export { buildDsn, type DsnRecipient, type DsnRequest } from './outbound/dsn.js';
export {
  resolveDestinations,
  type DestinationOptions,
  type SmartHost,
  type MxResolver,
} from './outbound/destinations.js';
export { deliverToHost, type TransportRequest, type TransportResult } from './outbound/smtp-transport.js';
export { TlsReporter, type TlsPolicyInfo, type TlsReporterOptions } from './outbound/tls-reporter.js';
export {
  buildTlsReport,
  parseTlsRptRecord,
  tlsReportMessage,
  type ReportIdentity,
} from './outbound/tls-report.js';
export { cachingResolver, type CachingResolverOptions } from './dns/caching-resolver.js';
