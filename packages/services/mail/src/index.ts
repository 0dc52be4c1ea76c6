// The mail service: the one mail model (mailboxes, ingest, search text).
export { MailService, type MailDeps, type IngestRequest, type IngestResult } from './mail-service.js';
export { parseMessage, messageIds, type ParsedMessage } from './ingest/parse-message.js';
export { foldAccents, normaliseForIndex, normaliseQuery, searchTokens } from './text/spanish.js';
export { repairWindows1252 } from './text/windows-1252.js';
