// @chasqui/imap: the IMAP4rev2 front-end (RFC 9051, with IMAP4rev1 compatibility): the pure
// protocol layer, the session and its commands, and the listener.
export * from './proto/index.js';
export { createImapListener, type ImapDeps, type ImapListenerConfig } from './listener/imap-listener.js';
export { imapVerbs, type ImapVerb } from './commands/registry.js';
