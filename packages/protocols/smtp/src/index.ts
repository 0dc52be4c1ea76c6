// The SMTP front-end: MX, submission and submissions listeners over smtp-server.
export { createSmtpListener, type SmtpListenerConfig, type SmtpDeps } from './smtp-listener.js';
export { ConnectionGuard, type GuardLimits } from './connection-guard.js';
