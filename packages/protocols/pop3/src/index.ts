// @chasqui/pop3: the POP3 front-end (RFC 1939 with RFC 2449 CAPA and response codes, RFC 5034
// SASL PLAIN, RFC 2595 STLS): the pure protocol layer, the session and its commands, and the
// listener.
export * from './proto/index.js';
export { createPop3Listener, type Pop3Deps, type Pop3ListenerConfig } from './listener/pop3-listener.js';
export { pop3Verbs, type Pop3Verb } from './commands/registry.js';
