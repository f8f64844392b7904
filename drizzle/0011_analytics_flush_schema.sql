-- The commit queue of the analytics (0010) is machinery, not data: out of the public schema, so backups,
-- restores and anything else that walks the application's tables leave it alone.
CREATE SCHEMA IF NOT EXISTS winpath_internal;
--> statement-breakpoint
ALTER TABLE analytics_flush SET SCHEMA winpath_internal;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_mark(p_org uuid, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v text := coalesce(current_setting('winpath.analytics_dirty', true), '');
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN RETURN; END IF;
  IF cardinality(p_ids) > 1000 OR length(v) > 80000 THEN
    PERFORM winpath_analytics_flush_now();
    PERFORM winpath_analytics_refresh(p_org, p_ids);
    RETURN;
  END IF;
  PERFORM set_config('winpath.analytics_dirty',
    v || (SELECT string_agg(p_org::text || '|' || i::text, ',') FROM unnest(p_ids) AS i) || ',', true);
  IF coalesce(current_setting('winpath.analytics_queued', true), '') <> 'on' THEN
    INSERT INTO winpath_internal.analytics_flush (xact) VALUES (pg_current_xact_id());
    PERFORM set_config('winpath.analytics_queued', 'on', true);
  END IF;
END $fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_on_flush() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM winpath_internal.analytics_flush WHERE xact = pg_current_xact_id();
  PERFORM set_config('winpath.analytics_queued', 'off', true);
  PERFORM winpath_analytics_flush_now();
  RETURN NULL;
END $fn$;
