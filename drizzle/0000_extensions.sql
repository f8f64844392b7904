-- Extensions and functions the schema relies on. Created before any table so generated columns and
-- indexes can use them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Every pair of adjacent characters of the lower-cased text. Backs fast 2-character name search
-- (e.g. Chinese company short names such as 华为), which pg_trgm cannot serve.
CREATE OR REPLACE FUNCTION winpath_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT substr(s, i, 2)), '{}'::text[])
  FROM (SELECT lower(t) AS s) x, generate_series(1, char_length(x.s) - 1) AS i
$$;
