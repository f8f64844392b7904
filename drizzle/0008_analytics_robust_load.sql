-- The contribution of deals (see 0006), computed without joining the per-stage stays to themselves: a
-- bulk load that rebuilds before its statistics are fresh (tables the planner takes for empty) would
-- otherwise get nested loops over millions of rows. Every step is now a scan, a join to the small stage
-- table, or an aggregation, so the plan cannot go quadratic.
CREATE OR REPLACE FUNCTION winpath_analytics_load(p_org uuid, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  f_o text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND o.id = ANY($2)' END;
  f_sp text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND sp.opportunity_id = ANY($2)' END;
  f_li text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND li.opportunity_id = ANY($2)' END;
BEGIN
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
END $fn$;
--> statement-breakpoint
-- A rebuild is a bulk job: memory for its sorts and hashes, and no nested loops whatever the statistics
-- say (only for the duration of the call).
ALTER FUNCTION winpath_analytics_rebuild(uuid) SET work_mem = '128MB';
--> statement-breakpoint
ALTER FUNCTION winpath_analytics_rebuild(uuid) SET enable_nestloop = off;
