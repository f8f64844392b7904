import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { NO_PRODUCT } from '../../../core/analytics/model.ts';
import { type CustomFilter, listParam } from '../../crud/resource.ts';

/**
 * List filters of deals that reproduce the figures of the pipeline analytics, so a dashboard number can
 * open the deals behind it (the drill-down): the same definitions as the summaries in
 * src/server/db/schema/analytics.ts and the reference implementation in src/core/analytics/reference.ts.
 * They only narrow the list; visibility is applied by the crud layer as on every read.
 */

const ids = (value: unknown) => sql`${`{${(value as string[]).join(',')}}`}::uuid[]`;
const deal = sql.raw('"opportunities"');

export const opportunityFilters: Record<string, CustomFilter> = {
  ownerTeamId: {
    schema: listParam(z.uuid()),
    description:
      'Deals whose owner is a member of one of these teams (the team itself, not its sub-teams): win rates by team',
    where: (value) => sql`${deal}.owner_id IN (SELECT ft.id FROM users ft
      WHERE ft.org_id = ${deal}.org_id AND ft.team_id = ANY(${ids(value)}))`,
  },
  ownerTeamTreeId: {
    schema: listParam(z.uuid()),
    description:
      'Deals whose owner is in one of these teams or any team below it: the rolled-up team rows of forecast, quotas and coverage',
    where: (value) => sql`${deal}.owner_id IN (
      WITH RECURSIVE tree AS (
        SELECT t.id FROM teams t WHERE t.org_id = ${deal}.org_id AND t.id = ANY(${ids(value)}) AND t.deleted_at IS NULL
        UNION
        SELECT t.id FROM teams t JOIN tree ON t.parent_id = tree.id
         WHERE t.org_id = ${deal}.org_id AND t.deleted_at IS NULL
      ) SELECT fu.id FROM users fu WHERE fu.org_id = ${deal}.org_id AND fu.team_id IN (SELECT id FROM tree))`,
  },
  productId: {
    schema: listParam(z.union([z.uuid(), z.literal(NO_PRODUCT)])),
    description: `Deals with a line item of one of these products, or (\`${NO_PRODUCT}\`) without any line item: win rates and cycle time by product`,
    where: (value) => {
      const list = value as string[];
      const products = list.filter((v) => v !== NO_PRODUCT);
      const conds: SQL[] = [];
      if (products.length)
        conds.push(sql`EXISTS (SELECT 1 FROM opportunity_line_items fli
          WHERE fli.org_id = ${deal}.org_id AND fli.opportunity_id = ${deal}.id AND fli.product_id = ANY(${ids(products)}))`);
      // The analytics' "no product" group: deals without line items (analytics_deals.products empty).
      if (products.length < list.length)
        conds.push(sql`NOT EXISTS (SELECT 1 FROM opportunity_line_items fli
          WHERE fli.org_id = ${deal}.org_id AND fli.opportunity_id = ${deal}.id)`);
      return sql`(${sql.join(conds, sql` OR `)})`;
    },
  },
  reachedStageId: {
    schema: listParam(z.uuid()),
    description:
      'Deals that reached one of these stages: entered it or a later stage of its pipeline (the funnel’s “reached”)',
    where: (value) => sql`EXISTS (SELECT 1 FROM stage_periods fsp
      JOIN pipeline_stages fps ON fps.org_id = fsp.org_id AND fps.id = fsp.stage_id
      JOIN pipeline_stages target ON target.org_id = fsp.org_id AND target.id = ANY(${ids(value)})
     WHERE fsp.org_id = ${deal}.org_id AND fsp.opportunity_id = ${deal}.id
       AND fsp.pipeline_id = target.pipeline_id AND fps.position >= target.position)`,
  },
};
