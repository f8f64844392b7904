-- Win rates and cycle time by product left out the deals without a product: analytics_outcome_summary
-- and analytics_cycle_summary had a row per product of a deal and one with product_id NULL standing for
-- the deal itself (every closed deal: what the other groupings read), so a deal without line items was in
-- no product group. It now has a group of its own, under a sentinel product id: the nil UUID, which no
-- product has (their ids are random UUIDs) and which the API reports as the key `none`. The three
-- encodings of product_id:
--   NULL     the deal itself, whatever its products (all closed deals)
--   nil UUID the deal has no product
--   an id    the deal has a line item of that product (a deal with several products is in each group)
-- Only the view that unfolds a deal into its outcome rows changes: refresh, rebuild and the API's
-- deal-team reads all go through it.

-- Every refresh writes analytics_deals: holding it in SHARE mode waits for the refreshes in flight (they
-- subtracted and added rows of the old shape) and keeps new ones out until the summaries below match the
-- new view, so nothing is subtracted that was never added.
LOCK TABLE analytics_deals IN SHARE MODE;
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics_deal_outcome_rows AS
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
 CROSS JOIN LATERAL (
       SELECT NULL::uuid AS product_id
       UNION ALL
       SELECT unnest(CASE WHEN cardinality(d.products) = 0
                          THEN ARRAY['00000000-0000-0000-0000-000000000000'::uuid]
                          ELSE d.products END)) p
 WHERE d.status <> 'open';
--> statement-breakpoint

-- The summaries get the no-product rows the new view adds (none existed: nothing to merge with), instead
-- of a rebuild of every organization, which would recompute all deals from their raw rows.
INSERT INTO analytics_outcome_summary
SELECT org_id, closed_month, owner_id, pipeline_id, product_id, sum(won), sum(lost), sum(no_decision),
       sum(won_amount), sum(lost_amount), sum(no_decision_amount), sum(won_cycle_days)
  FROM analytics_deal_outcome_rows WHERE product_id = '00000000-0000-0000-0000-000000000000'::uuid
 GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO analytics_cycle_summary
SELECT org_id, closed_month, owner_id, pipeline_id, product_id, cycle_days, sum(won)
  FROM analytics_deal_outcome_rows WHERE product_id = '00000000-0000-0000-0000-000000000000'::uuid AND won = 1
 GROUP BY 1, 2, 3, 4, 5, 6;
