-- Writes pay for one refresh per transaction instead of one per statement, and that refresh runs a
-- cached plan.
--
-- The statement triggers (0006) now only note which deals changed (a transaction-local setting) and
-- queue one row per transaction in analytics_flush, whose deferred constraint trigger refreshes all of
-- them at commit. A move, for instance, changes the deal, ends a stage period and opens one: three
-- statements, one refresh. Statements touching more than 1,000 deals (bulk) still refresh at once, and a
-- transaction that has noted many deals refreshes them early, so the note stays small. Within a writing
-- transaction the summaries show its changes only from the commit on.
CREATE UNLOGGED TABLE analytics_flush (xact xid8 NOT NULL);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_load(p_org uuid, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_nestloop text := current_setting('enable_nestloop');
  f_o text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND o.id = ANY($2)' END;
  f_sp text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND sp.opportunity_id = ANY($2)' END;
  f_li text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND li.opportunity_id = ANY($2)' END;
BEGIN
  -- A few deals (the API's writes): the same computation as below as a static statement, so its plan is
  -- cached per connection instead of planned on every write.
  IF p_ids IS NOT NULL AND cardinality(p_ids) <= 1000 THEN
    WITH per AS (
      -- Stays per deal and stage entered.
      SELECT sp.opportunity_id, sp.pipeline_id, sp.stage_id, ps.position,
             count(sp.left_at)::int AS stays,
             coalesce(sum(round((extract(epoch FROM sp.left_at) - extract(epoch FROM sp.entered_at)) * 1000)), 0)::bigint AS ms,
             (count(*) - count(sp.left_at))::int AS open
        FROM stage_periods sp JOIN pipeline_stages ps ON ps.id = sp.stage_id
       WHERE sp.org_id = p_org AND sp.opportunity_id = ANY(p_ids)
       GROUP BY 1, 2, 3, 4
    ), far AS (
      -- The furthest position each deal entered in each pipeline.
      SELECT opportunity_id, pipeline_id, max(position) AS pos FROM per GROUP BY 1, 2
    ), grid AS (
      -- Every stage up to the furthest (reached), with the stays of those entered.
      SELECT g.opportunity_id, g.pipeline_id, g.stage_id, g.position,
             max(g.entered) AS entered, sum(g.stays)::int AS stays, sum(g.ms)::bigint AS ms, sum(g.open)::int AS open
        FROM (
          SELECT far.opportunity_id, ps.pipeline_id, ps.id AS stage_id, ps.position,
                 0 AS entered, 0 AS stays, 0::bigint AS ms, 0 AS open
            FROM far JOIN pipeline_stages ps ON ps.pipeline_id = far.pipeline_id AND ps.position <= far.pos
          UNION ALL
          SELECT opportunity_id, pipeline_id, stage_id, position, 1, stays, ms, open FROM per
        ) g
       GROUP BY 1, 2, 3, 4
    ), reach AS (
      SELECT opportunity_id,
             array_agg(stage_id ORDER BY pipeline_id, position) AS stage_ids,
             array_agg(pipeline_id ORDER BY pipeline_id, position) AS stage_pipeline_ids,
             array_agg(entered ORDER BY pipeline_id, position) AS entered,
             array_agg(stays ORDER BY pipeline_id, position) AS stays,
             array_agg(ms ORDER BY pipeline_id, position) AS ms,
             array_agg(open ORDER BY pipeline_id, position) AS open
        FROM grid
       GROUP BY 1
    ), prod AS (
      SELECT li.opportunity_id, array_agg(DISTINCT li.product_id) AS products
        FROM opportunity_line_items li
       WHERE li.org_id = p_org AND li.opportunity_id = ANY(p_ids)
       GROUP BY 1
    )
    INSERT INTO analytics_deals (opportunity_id, org_id, owner_id, pipeline_id, stage_id, status, forecast_category,
      amount, created_month, closed_month, close_month, cycle_days, products, stage_ids, stage_pipeline_ids,
      stage_entered, stage_stays, stage_ms, stage_open)
    SELECT o.id, o.org_id, o.owner_id, o.pipeline_id, o.stage_id, o.status, o.forecast_category, o.amount,
           date_trunc('month', o.created_at AT TIME ZONE 'UTC')::date,
           date_trunc('month', o.closed_at::timestamp)::date,
           date_trunc('month', o.expected_close_date::timestamp)::date,
           CASE WHEN o.status = 'won' THEN o.closed_at - (o.created_at AT TIME ZONE 'UTC')::date END,
           coalesce(prod.products, '{}'),
           coalesce(reach.stage_ids, '{}'), coalesce(reach.stage_pipeline_ids, '{}'),
           coalesce(reach.entered, '{}'), coalesce(reach.stays, '{}'), coalesce(reach.ms, '{}'),
           coalesce(reach.open, '{}')
      FROM opportunities o
      LEFT JOIN reach ON reach.opportunity_id = o.id
      LEFT JOIN prod ON prod.opportunity_id = o.id
     WHERE o.org_id = p_org AND o.deleted_at IS NULL AND o.id = ANY(p_ids);
    RETURN;
  END IF;
  -- Many deals at once (a rebuild, a bulk statement): hash joins only, whatever the statistics say (a
  -- table loaded in the same transaction looks empty to the planner, and a nested loop over it is
  -- quadratic). A few deals (the API's writes): index lookups, as planned.
  IF p_ids IS NULL OR cardinality(p_ids) > 1000 THEN
    PERFORM set_config('enable_nestloop', 'off', true);
  END IF;
  EXECUTE format($q$
    WITH per AS (
      -- Stays per deal and stage entered.
      SELECT sp.opportunity_id, sp.pipeline_id, sp.stage_id, ps.position,
             count(sp.left_at)::int AS stays,
             coalesce(sum(round((extract(epoch FROM sp.left_at) - extract(epoch FROM sp.entered_at)) * 1000)), 0)::bigint AS ms,
             (count(*) - count(sp.left_at))::int AS open
        FROM stage_periods sp JOIN pipeline_stages ps ON ps.id = sp.stage_id
       WHERE sp.org_id = $1 %2$s
       GROUP BY 1, 2, 3, 4
    ), far AS (
      -- The furthest position each deal entered in each pipeline.
      SELECT opportunity_id, pipeline_id, max(position) AS pos FROM per GROUP BY 1, 2
    ), grid AS (
      -- Every stage up to the furthest (reached), with the stays of those entered.
      SELECT g.opportunity_id, g.pipeline_id, g.stage_id, g.position,
             max(g.entered) AS entered, sum(g.stays)::int AS stays, sum(g.ms)::bigint AS ms, sum(g.open)::int AS open
        FROM (
          SELECT far.opportunity_id, ps.pipeline_id, ps.id AS stage_id, ps.position,
                 0 AS entered, 0 AS stays, 0::bigint AS ms, 0 AS open
            FROM far JOIN pipeline_stages ps ON ps.pipeline_id = far.pipeline_id AND ps.position <= far.pos
          UNION ALL
          SELECT opportunity_id, pipeline_id, stage_id, position, 1, stays, ms, open FROM per
        ) g
       GROUP BY 1, 2, 3, 4
    ), reach AS (
      SELECT opportunity_id,
             array_agg(stage_id ORDER BY pipeline_id, position) AS stage_ids,
             array_agg(pipeline_id ORDER BY pipeline_id, position) AS stage_pipeline_ids,
             array_agg(entered ORDER BY pipeline_id, position) AS entered,
             array_agg(stays ORDER BY pipeline_id, position) AS stays,
             array_agg(ms ORDER BY pipeline_id, position) AS ms,
             array_agg(open ORDER BY pipeline_id, position) AS open
        FROM grid
       GROUP BY 1
    ), prod AS (
      SELECT li.opportunity_id, array_agg(DISTINCT li.product_id) AS products
        FROM opportunity_line_items li
       WHERE li.org_id = $1 %3$s
       GROUP BY 1
    )
    INSERT INTO analytics_deals (opportunity_id, org_id, owner_id, pipeline_id, stage_id, status, forecast_category,
      amount, created_month, closed_month, close_month, cycle_days, products, stage_ids, stage_pipeline_ids,
      stage_entered, stage_stays, stage_ms, stage_open)
    SELECT o.id, o.org_id, o.owner_id, o.pipeline_id, o.stage_id, o.status, o.forecast_category, o.amount,
           date_trunc('month', o.created_at AT TIME ZONE 'UTC')::date,
           date_trunc('month', o.closed_at::timestamp)::date,
           date_trunc('month', o.expected_close_date::timestamp)::date,
           CASE WHEN o.status = 'won' THEN o.closed_at - (o.created_at AT TIME ZONE 'UTC')::date END,
           coalesce(prod.products, '{}'),
           coalesce(reach.stage_ids, '{}'), coalesce(reach.stage_pipeline_ids, '{}'),
           coalesce(reach.entered, '{}'), coalesce(reach.stays, '{}'), coalesce(reach.ms, '{}'),
           coalesce(reach.open, '{}')
      FROM opportunities o
      LEFT JOIN reach ON reach.opportunity_id = o.id
      LEFT JOIN prod ON prod.opportunity_id = o.id
     WHERE o.org_id = $1 AND o.deleted_at IS NULL %1$s
  $q$, f_o, f_sp, f_li) USING p_org, p_ids;
  PERFORM set_config('enable_nestloop', v_nestloop, true);
END $fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_flush_now() RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v text := coalesce(current_setting('winpath.analytics_dirty', true), '');
  r record;
BEGIN
  IF v = '' THEN RETURN; END IF;
  PERFORM set_config('winpath.analytics_dirty', '', true);
  FOR r IN
    SELECT split_part(e, '|', 1)::uuid AS org_id, array_agg(DISTINCT split_part(e, '|', 2)::uuid) AS ids
      FROM unnest(string_to_array(v, ',')) AS e
     WHERE e <> ''
     GROUP BY 1
  LOOP
    PERFORM winpath_analytics_refresh(r.org_id, r.ids);
  END LOOP;
END $fn$;
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
    INSERT INTO analytics_flush (xact) VALUES (pg_current_xact_id());
    PERFORM set_config('winpath.analytics_queued', 'on', true);
  END IF;
END $fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_on_flush() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM analytics_flush WHERE xact = pg_current_xact_id();
  PERFORM set_config('winpath.analytics_queued', 'off', true);
  PERFORM winpath_analytics_flush_now();
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER analytics_flush_at_commit AFTER INSERT ON analytics_flush
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION winpath_analytics_on_flush();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_on_opportunities() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT n.org_id, array_agg(n.id) AS ids FROM analytics_new n GROUP BY 1 LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT o.org_id, array_agg(o.id) AS ids FROM analytics_old o GROUP BY 1 LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  ELSE
    -- Only the fields the analytics read; renames and next steps cost nothing here.
    FOR r IN
      SELECT c.org_id, array_agg(DISTINCT c.id) AS ids FROM (
        SELECT x.org_id, x.id FROM analytics_new n JOIN analytics_old o ON o.id = n.id
          CROSS JOIN LATERAL (VALUES (n.org_id, n.id), (o.org_id, o.id)) AS x(org_id, id)
         WHERE (n.org_id, n.owner_id, n.pipeline_id, n.stage_id, n.status, n.forecast_category, n.amount,
                n.created_at, n.closed_at, n.expected_close_date, n.deleted_at IS NULL)
               IS DISTINCT FROM
               (o.org_id, o.owner_id, o.pipeline_id, o.stage_id, o.status, o.forecast_category, o.amount,
                o.created_at, o.closed_at, o.expected_close_date, o.deleted_at IS NULL)
      ) c GROUP BY 1
    LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION winpath_analytics_on_deal_rows() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT n.org_id, array_agg(DISTINCT n.opportunity_id) AS ids FROM analytics_new n GROUP BY 1 LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT o.org_id, array_agg(DISTINCT o.opportunity_id) AS ids FROM analytics_old o GROUP BY 1 LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN
      SELECT c.org_id, array_agg(DISTINCT c.opportunity_id) AS ids FROM (
        SELECT n.org_id, n.opportunity_id FROM analytics_new n
        UNION ALL SELECT o.org_id, o.opportunity_id FROM analytics_old o
      ) c GROUP BY 1
    LOOP
      PERFORM winpath_analytics_mark(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END $fn$;
