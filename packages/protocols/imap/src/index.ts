// @chasqui/imap: the IMAP4rev2 front-end. For now, its pure protocol layer.
export * from './proto/index.js';
