// The mail service: the one mail model (mailboxes, messages, ingest, search text, MIME).
export { MailService, type MailDeps, type IngestRequest, type IngestResult } from './mail-service.js';
export type { MailboxesAppend } from './ingest/append-threaded.js';
export { MailboxOperations, type MailboxStatus } from './mailboxes/mailbox-operations.js';
export { AclOperations, type AclEntry, type RightsChoice } from './acl/acl-operations.js';
export { MailboxAccess, type MailboxGrant, type MailboxTarget } from './acl/mailbox-access.js';
export { allRights, displayRights, hasRight, parseRightsChange, type Right } from './acl/rights.js';
export { SharedMailboxes, type SharedMailbox } from './acl/shared-mailboxes.js';
export {
  isInboxName,
  isSameOrBelow,
  maxMailboxNameLength,
  normaliseMailboxName,
  parentNames,
} from './mailboxes/mailbox-names.js';
export { MessageOperations, type AppendOptions, type MailboxChanges } from './messages/message-operations.js';
export {
  LocalMailNotifier,
  type MailChange,
  type MailChangeListener,
  type MailNotifier,
} from './notify/mail-notifier.js';
export { broadcastRelay } from './notify/broadcast-notifier.js';
export { RelayedMailNotifier, type MailChangeRelay } from './notify/relayed-notifier.js';
export { ExclusiveLocks, type ReleaseLock } from './locks/exclusive-locks.js';
export { QuotaOperations, type QuotaResource, type QuotaUsage } from './quota/quota-operations.js';
export { emailObjectId, mailboxObjectId, threadObjectId } from './object-ids.js';
export { parseMessage, messageIds, type ParsedMessage } from './ingest/parse-message.js';
export { baseSubject, type BaseSubject } from './threads/base-subject.js';
export { asciiCasemapKey, compareAsciiCasemap } from './threads/collation.js';
export { threadByOrderedSubject } from './threads/thread-ordered-subject.js';
export { threadByReferences } from './threads/thread-references.js';
export { compareSent, type ThreadMessage, type ThreadNode } from './threads/thread-types.js';
export { foldAccents, normaliseForIndex, normaliseQuery, searchTokens } from './text/spanish.js';
export { repairWindows1252 } from './text/windows-1252.js';
export * from './mime/index.js';
// The store's records as the mail service hands them out, so protocols need not import the store.
export type { FlagChange, Mailbox, MailboxEntry, MailboxListing, StoredMessage } from '@chasqui/store';
export * from './jmap/index.js';
export * from './feedback/index.js';
export * from './recipients/index.js';
