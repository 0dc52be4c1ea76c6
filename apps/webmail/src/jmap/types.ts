// Wire types for the parts of JMAP the webmail uses: RFC 8620 (core), RFC 8621 (mail).
// Kept local so that the webmail depends on no server code.

export type Id = string;

export interface JmapSession {
  capabilities: Record<string, unknown>;
  accounts: Record<Id, { name: string; isPersonal: boolean; isReadOnly: boolean }>;
  primaryAccounts: Record<string, Id>;
  username: string;
  apiUrl: string;
  downloadUrl: string;
  uploadUrl: string;
  eventSourceUrl: string;
  state: string;
  /** Chasqui extension: some servers echo the CSRF token so a new tab can recover it. */
  csrfToken?: string;
}

/** RFC 8620 §3.2: [name, arguments, call id]. */
export type Invocation = [string, Record<string, unknown>, string];

/** RFC 8620 §3.7 back-reference. */
export interface ResultReference {
  resultOf: string;
  name: string;
  path: string;
}

export type MailboxRole = 'inbox' | 'drafts' | 'sent' | 'trash' | 'junk' | 'archive' | 'important' | 'all';

export interface Mailbox {
  id: Id;
  name: string;
  parentId: Id | null;
  role: MailboxRole | null;
  sortOrder: number;
  totalEmails: number;
  unreadEmails: number;
  totalThreads: number;
  unreadThreads: number;
  isSubscribed: boolean;
}

export interface EmailAddress {
  name: string | null;
  email: string;
}

export interface EmailBodyPart {
  partId: string | null;
  blobId: Id | null;
  size: number;
  name: string | null;
  type: string;
  charset: string | null;
  disposition: string | null;
  cid: string | null;
}

export interface EmailHeader {
  name: string;
  value: string;
}

export interface Email {
  id: Id;
  blobId: Id;
  threadId: Id;
  mailboxIds: Record<Id, boolean>;
  keywords: Record<string, boolean>;
  size: number;
  receivedAt: string;
  sentAt?: string | null;
  from: EmailAddress[] | null;
  to: EmailAddress[] | null;
  cc?: EmailAddress[] | null;
  bcc?: EmailAddress[] | null;
  replyTo?: EmailAddress[] | null;
  subject: string | null;
  preview: string;
  hasAttachment: boolean;
  messageId?: string[] | null;
  inReplyTo?: string[] | null;
  references?: string[] | null;
  headers?: EmailHeader[];
  textBody?: EmailBodyPart[];
  htmlBody?: EmailBodyPart[];
  attachments?: EmailBodyPart[];
  bodyValues?: Record<string, { value: string; isTruncated?: boolean }>;
}

export interface Identity {
  id: Id;
  name: string;
  email: string;
  replyTo: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  textSignature: string;
  htmlSignature: string;
  mayDelete: boolean;
}

export interface EmailSubmission {
  id: Id;
  identityId: Id;
  emailId: Id;
  threadId?: Id;
  sendAt: string;
  undoStatus: 'pending' | 'final' | 'canceled';
}

export interface VacationResponse {
  id: 'singleton';
  isEnabled: boolean;
  fromDate: string | null;
  toDate: string | null;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
}

export type FilterCondition = Record<string, unknown>;
export interface FilterOperator {
  operator: 'AND' | 'OR' | 'NOT';
  conditions: (FilterCondition | FilterOperator)[];
}
export type Filter = FilterCondition | FilterOperator;

export interface GetResponse<T> {
  accountId: Id;
  state: string;
  list: T[];
  notFound: Id[];
}

export interface QueryResponse {
  accountId: Id;
  queryState: string;
  canCalculateChanges: boolean;
  position: number;
  ids: Id[];
  total?: number;
}

export interface ChangesResponse {
  accountId: Id;
  oldState: string;
  newState: string;
  hasMoreChanges: boolean;
  created: Id[];
  updated: Id[];
  destroyed: Id[];
}

export interface SetError {
  type: string;
  description?: string;
}

export interface SetResponse<T> {
  accountId: Id;
  oldState: string | null;
  newState: string;
  created?: Record<Id, T> | null;
  updated?: Record<Id, Partial<T> | null> | null;
  destroyed?: Id[] | null;
  notCreated?: Record<Id, SetError> | null;
  notUpdated?: Record<Id, SetError> | null;
  notDestroyed?: Record<Id, SetError> | null;
}

/** RFC 8620 §7.1 StateChange pushed over EventSource or WebSocket. */
export interface StateChange {
  '@type': 'StateChange';
  changed: Record<Id, Record<string, string>>;
}

export const CAPABILITY_CORE = 'urn:ietf:params:jmap:core';
export const CAPABILITY_MAIL = 'urn:ietf:params:jmap:mail';
export const CAPABILITY_SUBMISSION = 'urn:ietf:params:jmap:submission';
export const CAPABILITY_VACATION = 'urn:ietf:params:jmap:vacationresponse';
export const CAPABILITY_CONTACTS = 'urn:ietf:params:jmap:contacts';
/** Chasqui: server-side webmail preferences and the remote-image proxy template. */
export const CAPABILITY_PREFERENCES = 'urn:chasqui:params:jmap:preferences';
/** Chasqui: ranked recipient lookup (contacts, GAL, lists, recent use). */
export const CAPABILITY_DIRECTORY = 'urn:chasqui:params:jmap:directory';

/** Value of the preferences capability in the session. */
export interface PreferencesCapability {
  /** URL template with a {url} variable, e.g. "/jmap/proxy/image?url={url}". */
  imageProxyUrl?: string;
}

export interface PreferenceSignature {
  id: string;
  name: string;
  text: string;
  html: string | null;
}

/** The singleton Preferences object (id "singleton"). */
export interface Preferences {
  tagColors: Record<string, string>;
  signatures: PreferenceSignature[];
  /** identityId → signature id, or null for "no signature". */
  defaultSignature: Record<Id, string | null>;
  /** Lowercased addresses or "@domain" whose remote images load through the proxy. */
  remoteImageSenders: string[];
}

export type RecipientKind = 'contact' | 'gal' | 'list';

/** One answer of Recipient/query, already ranked by the server. */
export interface Recipient {
  name: string | null;
  email: string;
  kind: RecipientKind;
  uses: number;
}
