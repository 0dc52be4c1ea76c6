-- The FETCH summary of each content (ENVELOPE, BODYSTRUCTURE, header size; JSON written by the
-- mail service at delivery): immutable per content, so keyed by blob and shared by every copy,
-- and gone with its blob. A table of its own, not a blobs column: a column after an inline
-- blob's data would be read through the data's overflow pages. Messages stored before have no
-- row; their first FETCH computes and writes it.
CREATE TABLE message_summaries (
  blob_hash TEXT PRIMARY KEY REFERENCES blobs(hash) ON DELETE CASCADE,
  summary TEXT NOT NULL
) WITHOUT ROWID;
