import { z } from 'zod';
import { NO_PRODUCT } from '../../../core/analytics/model.ts';
import { MONTH_PATTERN, PERIOD_PATTERN } from '../../../core/analytics/periods.ts';
import type { FieldErrorCode } from '../../../core/field-errors.ts';
import { commonErrors } from '../../crud/routes.ts';
import type { App } from '../../http/types.ts';
import { quotaReport } from '../quotas/quotas.service.ts';
import {
  cycleTime,
  extent,
  funnel,
  rebuildAnalyticsFor,
  timeInStage,
  velocity,
  winRates,
} from './analytics.service.ts';

const tags = ['Analytics'];

export const monthParam = z
  .string()
  .regex(MONTH_PATTERN, 'month' satisfies FieldErrorCode)
  .describe('A month, YYYY-MM (UTC)')
  .meta({ examples: ['2026-11'] });
export const periodParam = z
  .string()
  .regex(PERIOD_PATTERN, 'period' satisfies FieldErrorCode)
  .describe('A month (2026-11) or a quarter (2026-Q4)')
  .meta({ examples: ['2026-11', '2026-Q4'] });
const rangeQuery = {
  from: monthParam.optional().describe('First month (default: eleven months before `to`)'),
  to: monthParam.optional().describe('Last month, inclusive (default: the current month)'),
};
const groupBy = z.enum(['owner', 'team', 'pipeline', 'product', 'month']);
const ratio = z.number().nullable();
export const keyed = {
  key: z
    .string()
    .nullable()
    .describe(
      `Owner, team, pipeline or product id, or the month; null: no team; \`${NO_PRODUCT}\`: no product (by product, a deal with several products is in the row of each, so rows may add up to more than the total)`,
    ),
  label: z.string().nullable(),
};

const winRateFigures = {
  won: z.number().int(),
  lost: z.number().int(),
  noDecision: z.number().int(),
  wonAmount: z.number(),
  winRate: ratio.describe('won / (won + lost)'),
  winRateInclNoDecision: ratio.describe('won / (won + lost + no decision)'),
};
const winRatesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy,
    rows: z.array(z.object({ ...keyed, ...winRateFigures })),
    total: z.object(winRateFigures),
  })
  .meta({ id: 'WinRates' });

const cycleFigures = { won: z.number().int(), meanDays: ratio, medianDays: ratio };
const cycleTimeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy,
    rows: z.array(z.object({ ...keyed, ...cycleFigures })),
    total: z.object(cycleFigures),
  })
  .meta({ id: 'CycleTime' });

const stageIdentity = {
  stageId: z.uuid(),
  position: z.number().int(),
  nameEn: z.string(),
  nameZh: z.string(),
  retiredAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe(
      'When the stage was retired (it takes no new deals, and its history still counts here); null: active',
    ),
};
const funnelSchema = z
  .object({
    pipelineId: z.uuid(),
    from: z.string(),
    to: z.string(),
    stages: z.array(
      z.object({
        ...stageIdentity,
        reached: z.number().int().describe('Deals that entered this stage or a later one'),
        entered: z.number().int().describe('Deals that entered this stage itself'),
        won: z.number().int(),
        closed: z.number().int(),
        conversionToNext: ratio,
        winRate: ratio.describe('won / closed of the deals that reached the stage'),
      }),
    ),
  })
  .meta({ id: 'Funnel' });
const timeInStageSchema = z
  .object({
    pipelineId: z.uuid(),
    from: z.string(),
    to: z.string(),
    stages: z.array(
      z.object({
        ...stageIdentity,
        expectedDays: z.number().int(),
        stays: z.number().int().describe('Completed stays'),
        meanDays: ratio,
        openStays: z.number().int().describe('Stays still running'),
      }),
    ),
  })
  .meta({ id: 'TimeInStage' });

const velocityFigures = {
  openDeals: z.number().int(),
  openAmount: z.number(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: ratio,
  avgWonAmount: ratio,
  meanCycleDays: ratio,
  velocityPerDay: ratio.describe('openDeals × winRate × avgWonAmount ÷ meanCycleDays'),
};
const velocityGroupBy = z.enum(['none', 'owner', 'team', 'pipeline']);
const velocitySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: velocityGroupBy,
    rows: z.array(z.object({ ...keyed, ...velocityFigures })),
    total: z.object(velocityFigures),
  })
  .meta({ id: 'Velocity' });

const quotaFigures = {
  quota: z.number(),
  won: z.number(),
  openPipeline: z.number(),
  remainingQuota: z.number(),
  coverage: ratio.describe('openPipeline ÷ remainingQuota'),
  attainment: ratio.describe('won ÷ quota'),
};
export const quotaReportSchema = z
  .object({
    period: z.string(),
    start: z.string(),
    end: z.string(),
    groupBy: z.enum(['owner', 'team']),
    rows: z.array(z.object({ ...keyed, parentId: z.uuid().nullable(), ...quotaFigures })),
    total: z.object(quotaFigures),
  })
  .meta({ id: 'QuotaReport' });
export const rollupQuery = z
  .object({
    period: periodParam
      .optional()
      .describe('A month (2026-11) or a quarter (2026-Q4); default the current month'),
    groupBy: z.enum(['owner', 'team']).default('owner'),
  })
  .strict();

export function registerAnalyticsRoutes(app: App) {
  const base = '/api/v1/analytics';
  app.get(
    `${base}/win-rates`,
    {
      schema: {
        tags,
        summary: 'Win, loss and no-decision rates of deals closed in a range of months',
        querystring: z
          .object({ groupBy: groupBy.default('owner'), ...rangeQuery, pipelineId: z.uuid().optional() })
          .strict(),
        response: { 200: winRatesSchema, ...commonErrors },
      },
    },
    async (req) => winRates({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.get(
    `${base}/cycle-time`,
    {
      schema: {
        tags,
        summary: 'Mean and median days from created to won, of deals won in a range of months',
        querystring: z
          .object({ groupBy: groupBy.default('owner'), ...rangeQuery, pipelineId: z.uuid().optional() })
          .strict(),
        response: { 200: cycleTimeSchema, ...commonErrors },
      },
    },
    async (req) => cycleTime({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  const stageQuery = z
    .object({ pipeline: z.uuid().optional().describe('Default: the default pipeline'), ...rangeQuery })
    .strict();
  app.get(
    `${base}/funnel`,
    {
      schema: {
        tags,
        summary: 'Deals that reached each stage and stage-to-stage conversion, for deals created in a range',
        querystring: stageQuery,
        response: { 200: funnelSchema, ...commonErrors },
      },
    },
    async (req) => funnel({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.get(
    `${base}/time-in-stage`,
    {
      schema: {
        tags,
        summary:
          'Mean days in each stage (completed stays) and stays still running, for deals created in a range',
        querystring: stageQuery,
        response: { 200: timeInStageSchema, ...commonErrors },
      },
    },
    async (req) => timeInStage({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.get(
    `${base}/velocity`,
    {
      schema: {
        tags,
        summary: 'Pipeline velocity: open deals × win rate × average won amount ÷ cycle days',
        querystring: z
          .object({
            groupBy: velocityGroupBy.default('none'),
            ...rangeQuery,
            pipelineId: z.uuid().optional(),
          })
          .strict(),
        response: { 200: velocitySchema, ...commonErrors },
      },
    },
    async (req) => velocity({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.get(
    `${base}/coverage`,
    {
      schema: {
        tags,
        summary: 'Pipeline coverage: open pipeline expected in the period ÷ remaining quota',
        querystring: rollupQuery,
        response: { 200: quotaReportSchema, ...commonErrors },
      },
    },
    async (req) => quotaReport({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.get(
    `${base}/extent`,
    {
      schema: {
        tags,
        summary:
          'The first month with deals in the range analytics you see (closed, or created with a stage history); null without any',
        response: {
          200: z
            .object({ firstMonth: z.string().nullable().describe('YYYY-MM') })
            .meta({ id: 'AnalyticsExtent' }),
          ...commonErrors,
        },
      },
    },
    async (req) => extent({ db: app.db, actor: req.actor! }),
  );

  app.post(
    `${base}/rebuild`,
    {
      schema: {
        tags,
        summary: 'Recompute the analytics summaries from the records (admins; after bulk loads)',
        body: z.object({}).strict(),
        response: {
          200: z.object({ rebuiltAt: z.string(), seconds: z.number() }).meta({ id: 'AnalyticsRebuilt' }),
          ...commonErrors,
        },
      },
    },
    async (req) => rebuildAnalyticsFor({ db: app.db, actor: req.actor!, now: new Date() }),
  );
}
