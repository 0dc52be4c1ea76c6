-- Substring search of message log subjects without a table scan: a pg_trgm GIN index answers
-- `LIKE '%text%'`. pg_trgm ships with PostgreSQL (contrib); where it cannot be created (no
-- rights), searches still work, by scanning.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable: %', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX message_log_subject_trgm ON message_log USING gin (subject_lower public.gin_trgm_ops)';
  END IF;
END $$;
