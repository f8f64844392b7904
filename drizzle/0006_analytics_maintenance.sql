-- Pipeline science: keeps the analytics summaries (src/server/db/schema/analytics.ts) exact in the
-- transaction of every write, whichever path writes (API, imports, restores, cascades, generators).
--
-- analytics_deals holds what each live deal contributes. When a statement changes deals, their stage
-- periods or their line items, a statement-level trigger calls winpath_analytics_refresh(org, deal ids):
-- the stored contributions are subtracted, recomputed from the raw rows, and added back, in one sorted
-- upsert per summary table. A bulk load may skip the triggers for its transaction
-- (SET LOCAL winpath.analytics = 'off') and call winpath_analytics_rebuild(org) at the end.

-- What one deal contributes to each summary: views that unfold analytics_deals into summary-shaped rows
-- (refresh, rebuild and the API's deal-team reads all use them).
CREATE VIEW analytics_deal_stage_rows AS
SELECT d.org_id, d.opportunity_id, s.pipeline_id, d.created_month AS cohort_month, d.owner_id, s.stage_id,
       1 AS reached,
       CASE WHEN d.status = 'won' THEN 1 ELSE 0 END AS reached_won,
       CASE WHEN d.status <> 'open' THEN 1 ELSE 0 END AS reached_closed,
       s.entered, s.stays, s.ms AS stay_ms, s.open AS open_stays
  FROM analytics_deals d
 CROSS JOIN LATERAL unnest(d.stage_ids, d.stage_pipeline_ids, d.stage_entered, d.stage_stays, d.stage_ms,
                           d.stage_open) AS s(stage_id, pipeline_id, entered, stays, ms, open);
--> statement-breakpoint
CREATE VIEW analytics_deal_outcome_rows AS
SELECT d.org_id, d.opportunity_id, d.closed_month, d.owner_id, d.pipeline_id, p.product_id,
       CASE WHEN d.status = 'won' THEN 1 ELSE 0 END AS won,
       CASE WHEN d.status = 'lost' THEN 1 ELSE 0 END AS lost,
       CASE WHEN d.status = 'no_decision' THEN 1 ELSE 0 END AS no_decision,
       CASE WHEN d.status = 'won' THEN d.amount ELSE 0 END AS won_amount,
       CASE WHEN d.status = 'lost' THEN d.amount ELSE 0 END AS lost_amount,
       CASE WHEN d.status = 'no_decision' THEN d.amount ELSE 0 END AS no_decision_amount,
       CASE WHEN d.status = 'won' THEN d.cycle_days ELSE 0 END AS won_cycle_days,
       d.cycle_days
  FROM analytics_deals d
 CROSS JOIN LATERAL (SELECT NULL::uuid AS product_id UNION ALL SELECT unnest(d.products)) p
 WHERE d.status <> 'open';
--> statement-breakpoint
CREATE VIEW analytics_deal_open_rows AS
SELECT d.org_id, d.opportunity_id, d.close_month, d.owner_id, d.pipeline_id, d.stage_id, d.forecast_category,
       1 AS deals, d.amount
  FROM analytics_deals d
 WHERE d.status = 'open';
--> statement-breakpoint

-- Computes the contributions of some deals (p_ids) or of all deals of the organization (p_ids NULL) from
-- opportunities, stage_periods, pipeline_stages and opportunity_line_items into analytics_deals.
-- "Reached" a stage: the deal entered it or a later stage of the same pipeline (gates allow skipping).
CREATE OR REPLACE FUNCTION winpath_analytics_load(p_org uuid, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  f_o text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND o.id = ANY($2)' END;
  f_sp text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND sp.opportunity_id = ANY($2)' END;
  f_li text := CASE WHEN p_ids IS NULL THEN '' ELSE 'AND li.opportunity_id = ANY($2)' END;
BEGIN
  EXECUTE format($q$
    WITH per AS (
      SELECT sp.opportunity_id, sp.pipeline_id, sp.stage_id,
             count(sp.left_at)::int AS stays,
             coalesce(sum(round((extract(epoch FROM sp.left_at) - extract(epoch FROM sp.entered_at)) * 1000)), 0)::bigint AS ms,
             (count(*) - count(sp.left_at))::int AS open
        FROM stage_periods sp
       WHERE sp.org_id = $1 %2$s
       GROUP BY 1, 2, 3
    ), far AS (
      SELECT per.opportunity_id, per.pipeline_id, max(ps.position) AS pos
        FROM per JOIN pipeline_stages ps ON ps.org_id = $1 AND ps.id = per.stage_id
       GROUP BY 1, 2
    ), reach AS (
      SELECT far.opportunity_id,
             array_agg(ps.id ORDER BY ps.pipeline_id, ps.position) AS stage_ids,
             array_agg(ps.pipeline_id ORDER BY ps.pipeline_id, ps.position) AS stage_pipeline_ids,
             array_agg(CASE WHEN per.stage_id IS NULL THEN 0 ELSE 1 END ORDER BY ps.pipeline_id, ps.position) AS entered,
             array_agg(coalesce(per.stays, 0) ORDER BY ps.pipeline_id, ps.position) AS stays,
             array_agg(coalesce(per.ms, 0) ORDER BY ps.pipeline_id, ps.position) AS ms,
             array_agg(coalesce(per.open, 0) ORDER BY ps.pipeline_id, ps.position) AS open
        FROM far
        JOIN pipeline_stages ps ON ps.org_id = $1 AND ps.pipeline_id = far.pipeline_id AND ps.position <= far.pos
        LEFT JOIN per ON per.opportunity_id = far.opportunity_id AND per.stage_id = ps.id
       GROUP BY far.opportunity_id
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

-- Brings the summaries up to date for some deals of one organization. Idempotent.
CREATE OR REPLACE FUNCTION winpath_analytics_refresh(p_org uuid, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_stage analytics_stage_summary[];
  v_outcome analytics_outcome_summary[];
  v_cycle analytics_cycle_summary[];
  v_open analytics_open_summary[];
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0
     OR coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = p_org) THEN
    -- The organization is being deleted: its summaries go with it.
    DELETE FROM analytics_deals WHERE org_id = p_org AND opportunity_id = ANY(p_ids);
    RETURN;
  END IF;

  -- What the deals contribute now, negated ...
  SELECT array_agg(ROW(x.*)::analytics_stage_summary) INTO v_stage FROM (
    SELECT org_id, pipeline_id, cohort_month, owner_id, stage_id,
           -sum(reached)::int, -sum(reached_won)::int, -sum(reached_closed)::int, -sum(entered)::int,
           -sum(stays)::int, -sum(stay_ms)::bigint, -sum(open_stays)::int
      FROM analytics_deal_stage_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)
     GROUP BY 1, 2, 3, 4, 5) x;
  SELECT array_agg(ROW(x.*)::analytics_outcome_summary) INTO v_outcome FROM (
    SELECT org_id, closed_month, owner_id, pipeline_id, product_id,
           -sum(won)::int, -sum(lost)::int, -sum(no_decision)::int,
           -sum(won_amount), -sum(lost_amount), -sum(no_decision_amount), -sum(won_cycle_days)::bigint
      FROM analytics_deal_outcome_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)
     GROUP BY 1, 2, 3, 4, 5) x;
  SELECT array_agg(ROW(x.*)::analytics_cycle_summary) INTO v_cycle FROM (
    SELECT org_id, closed_month, owner_id, pipeline_id, product_id, cycle_days, -sum(won)::int
      FROM analytics_deal_outcome_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids) AND won = 1
     GROUP BY 1, 2, 3, 4, 5, 6) x;
  SELECT array_agg(ROW(x.*)::analytics_open_summary) INTO v_open FROM (
    SELECT org_id, close_month, owner_id, pipeline_id, stage_id, forecast_category, -sum(deals)::int, -sum(amount)
      FROM analytics_deal_open_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)
     GROUP BY 1, 2, 3, 4, 5, 6) x;

  -- ... recomputed from the raw rows ...
  DELETE FROM analytics_deals WHERE org_id = p_org AND opportunity_id = ANY(p_ids);
  PERFORM winpath_analytics_load(p_org, p_ids);

  -- ... and the difference applied: one upsert per table, rows in key order (no deadlocks between
  -- writers), rows whose figures do not change left alone.
  INSERT INTO analytics_stage_summary AS t
  SELECT org_id, pipeline_id, cohort_month, owner_id, stage_id, sum(reached), sum(reached_won),
         sum(reached_closed), sum(entered), sum(stays), sum(stay_ms), sum(open_stays)
    FROM (SELECT * FROM unnest(v_stage)
          UNION ALL
          SELECT org_id, pipeline_id, cohort_month, owner_id, stage_id, reached, reached_won, reached_closed,
                 entered, stays, stay_ms, open_stays
            FROM analytics_deal_stage_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)) d
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(reached) <> 0 OR sum(reached_won) <> 0 OR sum(reached_closed) <> 0 OR sum(entered) <> 0
      OR sum(stays) <> 0 OR sum(stay_ms) <> 0 OR sum(open_stays) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT analytics_stage_summary_org_id_pipeline_id_cohort_month_owner_id_stage_id_pk
  DO UPDATE SET reached = t.reached + excluded.reached, reached_won = t.reached_won + excluded.reached_won,
    reached_closed = t.reached_closed + excluded.reached_closed, entered = t.entered + excluded.entered,
    stays = t.stays + excluded.stays, stay_ms = t.stay_ms + excluded.stay_ms,
    open_stays = t.open_stays + excluded.open_stays;

  INSERT INTO analytics_outcome_summary AS t
  SELECT org_id, closed_month, owner_id, pipeline_id, product_id, sum(won), sum(lost), sum(no_decision),
         sum(won_amount), sum(lost_amount), sum(no_decision_amount), sum(won_cycle_days)
    FROM (SELECT * FROM unnest(v_outcome)
          UNION ALL
          SELECT org_id, closed_month, owner_id, pipeline_id, product_id, won, lost, no_decision, won_amount,
                 lost_amount, no_decision_amount, won_cycle_days
            FROM analytics_deal_outcome_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)) d
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(won) <> 0 OR sum(lost) <> 0 OR sum(no_decision) <> 0 OR sum(won_amount) <> 0
      OR sum(lost_amount) <> 0 OR sum(no_decision_amount) <> 0 OR sum(won_cycle_days) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT analytics_outcome_summary_key
  DO UPDATE SET won = t.won + excluded.won, lost = t.lost + excluded.lost,
    no_decision = t.no_decision + excluded.no_decision, won_amount = t.won_amount + excluded.won_amount,
    lost_amount = t.lost_amount + excluded.lost_amount,
    no_decision_amount = t.no_decision_amount + excluded.no_decision_amount,
    won_cycle_days = t.won_cycle_days + excluded.won_cycle_days;

  INSERT INTO analytics_cycle_summary AS t
  SELECT org_id, closed_month, owner_id, pipeline_id, product_id, cycle_days, sum(won)
    FROM (SELECT * FROM unnest(v_cycle)
          UNION ALL
          SELECT org_id, closed_month, owner_id, pipeline_id, product_id, cycle_days, won
            FROM analytics_deal_outcome_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids) AND won = 1) d
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(won) <> 0
   ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT analytics_cycle_summary_key DO UPDATE SET won = t.won + excluded.won;

  INSERT INTO analytics_open_summary AS t
  SELECT org_id, close_month, owner_id, pipeline_id, stage_id, forecast_category, sum(deals), sum(amount)
    FROM (SELECT * FROM unnest(v_open)
          UNION ALL
          SELECT org_id, close_month, owner_id, pipeline_id, stage_id, forecast_category, deals, amount
            FROM analytics_deal_open_rows WHERE org_id = p_org AND opportunity_id = ANY(p_ids)) d
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(deals) <> 0 OR sum(amount) <> 0
   ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT analytics_open_summary_key
  DO UPDATE SET deals = t.deals + excluded.deals, amount = t.amount + excluded.amount;
END $fn$;
--> statement-breakpoint

-- Recomputes everything of one organization from the raw rows (after bulk loads). Writers of deals, stage
-- periods and line items wait until it is done, so nothing is counted twice or missed.
CREATE OR REPLACE FUNCTION winpath_analytics_rebuild(p_org uuid) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  LOCK TABLE opportunities, stage_periods, opportunity_line_items IN SHARE MODE;
  DELETE FROM analytics_stage_summary WHERE org_id = p_org;
  DELETE FROM analytics_outcome_summary WHERE org_id = p_org;
  DELETE FROM analytics_cycle_summary WHERE org_id = p_org;
  DELETE FROM analytics_open_summary WHERE org_id = p_org;
  DELETE FROM analytics_deals WHERE org_id = p_org;
  PERFORM winpath_analytics_load(p_org, NULL);

  INSERT INTO analytics_stage_summary
  SELECT org_id, pipeline_id, cohort_month, owner_id, stage_id, sum(reached), sum(reached_won),
         sum(reached_closed), sum(entered), sum(stays), sum(stay_ms), sum(open_stays)
    FROM analytics_deal_stage_rows WHERE org_id = p_org
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO analytics_outcome_summary
  SELECT org_id, closed_month, owner_id, pipeline_id, product_id, sum(won), sum(lost), sum(no_decision),
         sum(won_amount), sum(lost_amount), sum(no_decision_amount), sum(won_cycle_days)
    FROM analytics_deal_outcome_rows WHERE org_id = p_org
   GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO analytics_cycle_summary
  SELECT org_id, closed_month, owner_id, pipeline_id, product_id, cycle_days, sum(won)
    FROM analytics_deal_outcome_rows WHERE org_id = p_org AND won = 1
   GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO analytics_open_summary
  SELECT org_id, close_month, owner_id, pipeline_id, stage_id, forecast_category, sum(deals), sum(amount)
    FROM analytics_deal_open_rows WHERE org_id = p_org
   GROUP BY 1, 2, 3, 4, 5, 6;

  DELETE FROM analytics_pipeline_order WHERE org_id = p_org;
  INSERT INTO analytics_pipeline_order (pipeline_id, org_id, stage_ids)
  SELECT pipeline_id, org_id, array_agg(id ORDER BY position) FROM pipeline_stages WHERE org_id = p_org
   GROUP BY 1, 2;
END $fn$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION winpath_analytics_on_opportunities() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT n.org_id, array_agg(n.id) AS ids FROM analytics_new n GROUP BY 1 LOOP
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT o.org_id, array_agg(o.id) AS ids FROM analytics_old o GROUP BY 1 LOOP
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
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
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE TRIGGER analytics_opportunities_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS analytics_new FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_opportunities();
--> statement-breakpoint
CREATE TRIGGER analytics_opportunities_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS analytics_old NEW TABLE AS analytics_new
  FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_opportunities();
--> statement-breakpoint
CREATE TRIGGER analytics_opportunities_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_opportunities();
--> statement-breakpoint

-- Stage periods and line items: refresh the deals they belong to.
CREATE OR REPLACE FUNCTION winpath_analytics_on_deal_rows() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT n.org_id, array_agg(DISTINCT n.opportunity_id) AS ids FROM analytics_new n GROUP BY 1 LOOP
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT o.org_id, array_agg(DISTINCT o.opportunity_id) AS ids FROM analytics_old o GROUP BY 1 LOOP
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN
      SELECT c.org_id, array_agg(DISTINCT c.opportunity_id) AS ids FROM (
        SELECT n.org_id, n.opportunity_id FROM analytics_new n
        UNION ALL SELECT o.org_id, o.opportunity_id FROM analytics_old o
      ) c GROUP BY 1
    LOOP
      PERFORM winpath_analytics_refresh(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE TRIGGER analytics_stage_periods_insert AFTER INSERT ON stage_periods
  REFERENCING NEW TABLE AS analytics_new FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint
CREATE TRIGGER analytics_stage_periods_update AFTER UPDATE ON stage_periods
  REFERENCING OLD TABLE AS analytics_old NEW TABLE AS analytics_new
  FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint
CREATE TRIGGER analytics_stage_periods_delete AFTER DELETE ON stage_periods
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint
CREATE TRIGGER analytics_line_items_insert AFTER INSERT ON opportunity_line_items
  REFERENCING NEW TABLE AS analytics_new FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint
CREATE TRIGGER analytics_line_items_update AFTER UPDATE ON opportunity_line_items
  REFERENCING OLD TABLE AS analytics_old NEW TABLE AS analytics_new
  FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint
CREATE TRIGGER analytics_line_items_delete AFTER DELETE ON opportunity_line_items
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION winpath_analytics_on_deal_rows();
--> statement-breakpoint

-- "Reached" depends on the stage order: when a pipeline's order really changes (checked at commit, so
-- the designer's intermediate renumbering costs nothing), its deals are recomputed once.
CREATE OR REPLACE FUNCTION winpath_analytics_on_stage_order() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_org uuid;
  v_pipeline uuid;
  v_order uuid[];
  v_known uuid[];
  v_ids uuid[];
BEGIN
  IF coalesce(current_setting('winpath.analytics', true), '') = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN
    v_org := OLD.org_id; v_pipeline := OLD.pipeline_id;
  ELSE
    v_org := NEW.org_id; v_pipeline := NEW.pipeline_id;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = v_org) THEN RETURN NULL; END IF;
  SELECT array_agg(id ORDER BY position) INTO v_order
    FROM pipeline_stages WHERE org_id = v_org AND pipeline_id = v_pipeline;
  SELECT stage_ids INTO v_known FROM analytics_pipeline_order WHERE pipeline_id = v_pipeline FOR UPDATE;
  IF v_known IS NOT DISTINCT FROM v_order THEN RETURN NULL; END IF;
  IF v_order IS NULL THEN
    DELETE FROM analytics_pipeline_order WHERE pipeline_id = v_pipeline;
  ELSE
    INSERT INTO analytics_pipeline_order (pipeline_id, org_id, stage_ids) VALUES (v_pipeline, v_org, v_order)
    ON CONFLICT (pipeline_id) DO UPDATE SET stage_ids = excluded.stage_ids;
  END IF;
  SELECT array_agg(DISTINCT opportunity_id) INTO v_ids
    FROM stage_periods WHERE org_id = v_org AND pipeline_id = v_pipeline;
  PERFORM winpath_analytics_refresh(v_org, v_ids);
  RETURN NULL;
END $fn$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER analytics_stage_order AFTER INSERT OR UPDATE OR DELETE ON pipeline_stages
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION winpath_analytics_on_stage_order();
--> statement-breakpoint

-- Forecast calls are an audit trail: append-only (deleting the organization takes them with it).
CREATE OR REPLACE FUNCTION winpath_forecast_submissions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.org_id) THEN RETURN OLD; END IF;
  END IF;
  RAISE EXCEPTION 'forecast_submissions is append-only' USING ERRCODE = 'insufficient_privilege';
END $fn$;
--> statement-breakpoint
CREATE TRIGGER forecast_submissions_append_only BEFORE UPDATE OR DELETE ON forecast_submissions
  FOR EACH ROW EXECUTE FUNCTION winpath_forecast_submissions_append_only();
--> statement-breakpoint
CREATE TRIGGER forecast_submissions_no_truncate BEFORE TRUNCATE ON forecast_submissions
  FOR EACH STATEMENT EXECUTE FUNCTION winpath_forecast_submissions_append_only();
--> statement-breakpoint

-- Existing organizations get their summaries now.
SELECT winpath_analytics_rebuild(id) FROM organizations;
