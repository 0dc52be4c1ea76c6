// Per-account data the webmail keeps on the server: preferences, the recipients an account
// writes to (autocomplete) and the spam/ham verdicts its user gives (training feed).

export interface StoredPreferences {
  /** The JSON document as last written (validated by the JMAP layer), or null when never written. */
  readonly data: unknown;
  /** Bumped by each write; 0 when never written. The JMAP Preferences state. */
  readonly version: number;
}

export interface PreferencesRepository {
  get(accountId: number): Promise<StoredPreferences>;
  /**
   * Writes `data` if the stored version is still `expectedVersion` (compare-and-swap, so that
   * two nodes patching at once never lose a write); returns the new version, or null when
   * another write came first.
   */
  replace(accountId: number, data: unknown, expectedVersion: number): Promise<number | null>;
}

/** One recipient of a sent message, prepared by the mail service. */
export interface RecipientUse {
  /** Lower-case address. */
  readonly address: string;
  readonly name: string | null;
  /** " " + accent-folded lower-case words of the name and local part (see mail service). */
  readonly searchText: string;
}

export interface RecipientRecord {
  readonly address: string;
  readonly name: string | null;
  readonly uses: number;
  readonly lastUsed: number;
}

export interface RecipientHistoryRepository {
  /**
   * Counts one use of each recipient at `at` (a known name is kept when none is given), then
   * forgets the least recently used beyond `keep` entries of the account.
   */
  record(accountId: number, recipients: readonly RecipientUse[], at: number, keep: number): Promise<void>;
  /**
   * Entries whose address starts with `text` or whose searchText has a word starting with it
   * (`text` folded like searchText), address-or-name prefixes first, then by uses and recency.
   */
  search(accountId: number, text: string, limit: number): Promise<RecipientRecord[]>;
}

export type SpamVerdict = 'spam' | 'ham';

export interface SpamFeedbackRecord {
  readonly accountId: number;
  /** The raw message's blob id, held alive by the feedback row (readable with blobs.get). */
  readonly blobId: string;
  readonly verdict: SpamVerdict;
  readonly at: number;
}

/** A position in the feed: rows strictly after it, in (at, accountId, blobId) order. */
export interface SpamFeedbackCursor {
  readonly at: number;
  readonly accountId: number;
  readonly blobId: string;
}

export interface SpamFeedbackRepository {
  /**
   * Records the verdict on these blobs for the account: a new row, or a changed verdict (with
   * its new time); the same verdict again changes nothing. Blobs no longer stored are skipped.
   * Returns the number of rows written.
   */
  record(accountId: number, blobIds: readonly string[], verdict: SpamVerdict, at: number): Promise<number>;
  /** Up to `limit` rows after the cursor, oldest first. */
  list(after: SpamFeedbackCursor, limit: number): Promise<SpamFeedbackRecord[]>;
  /** Drops rows older than `time` (their blobs are released); returns how many. */
  purgeBefore(time: number): Promise<number>;
}
