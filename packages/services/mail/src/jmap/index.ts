// Mail-model queries for the JMAP front-end (RFC 8620, 8621).
export { EmailIndex, type AccountEmails } from './email-index.js';
export {
  defaultEmailSort,
  type EmailCondition,
  type EmailFilter,
  type EmailQuery,
  type EmailQueryPage,
  type EmailQueryResult,
  type EmailQueryWindow,
  type EmailSort,
  type EmailSortProperty,
} from './email-filter.js';
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
// The store's JMAP records, named so that protocols need not import the store.
export type {
  EmailSubmissionRecord,
  EmailSubmissionRepository,
  JmapIdentity,
  JmapIdentityFields,
  JmapIdentityRepository,
  JmapTypeChanges,
  PreferencesRepository,
  StoredPreferences,
  UndoStatus,
  VacationResponseRecord,
  VacationResponseRepository,
} from '@chasqui/store';
