// Mail-model queries for the JMAP front-end (RFC 8620, 8621).
export { AccountRecords, type AccountRecord } from './account-records.js';
export { EmailIndex, type AccountEmails } from './email-index.js';
export {
  classifyEmailChanges,
  classifyMailboxChanges,
  cutWindow,
  type ObjectChanges,
} from './jmap-changes.js';
export {
  JmapMailModel,
  type JmapAppend,
  type JmapMailModelDeps,
  type MailboxTally,
} from './jmap-mail-model.js';
