-- The search bigrams (0000) computed three times faster: a PL/pgSQL loop instead of a SQL aggregate,
-- which PostgreSQL cannot inline and ran as a sub-query (sort and all) for every row written; it was a
-- fifth of the cost of inserting a deal. The array may now repeat a pair and is in text order: the GIN
-- index keys each distinct element once and searches test containment (`@>`), so rows written before
-- and after this change answer the same searches.
CREATE OR REPLACE FUNCTION winpath_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
  s text := lower(t);
  r text[] := '{}';
BEGIN
  FOR i IN 1 .. char_length(s) - 1 LOOP
    r := r || substr(s, i, 2);
  END LOOP;
  RETURN r;
END $$;
