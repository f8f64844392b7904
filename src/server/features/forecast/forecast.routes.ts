import { z } from 'zod';
import { commonErrors } from '../../crud/routes.ts';
import type { App } from '../../http/types.ts';
import { keyed, monthParam, periodParam } from '../analytics/analytics.routes.ts';
import {
  forecast,
  forecastAccuracy,
  listSubmissions,
  snapshotNow,
  submitForecast,
} from './forecast.service.ts';

const tags = ['Forecast'];
const money = z.number();
const figures = {
  deals: z.number().int().describe('Open deals expected to close in the period (omitted excluded)'),
  pipeline: money,
  bestCase: money,
  commit: money.describe('Commit, including open deals marked closed'),
  closed: money.describe('Won in the period'),
  weighted: money.describe('Open amounts × stage probability, plus closed'),
  historical: money.describe('Open amounts × the stage’s historical conversion, plus closed'),
};
const submissionSchema = z
  .object({
    id: z.number().int(),
    period: z.string(),
    userId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    subjectName: z.string().nullable(),
    submittedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
    systemAmount: money.describe('Commit + closed of the subject when the call was made'),
    adjustment: money,
    amount: money.describe('The call: system amount + adjustment'),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ForecastSubmission' });
const latestCallSchema = z
  .object({
    amount: money,
    source: z
      .enum(['own', 'rollup'])
      .describe("own: the subject's latest call; rollup: the sum of the latest calls below it"),
    calls: z.number().int().describe('How many calls the amount sums (1 for an own call)'),
  })
  .meta({ id: 'ForecastLatestCall' });
const forecastSchema = z
  .object({
    period: z.string(),
    start: z.string(),
    end: z.string(),
    groupBy: z.enum(['owner', 'team']),
    rows: z.array(
      z.object({
        ...keyed,
        parentId: z.uuid().nullable(),
        ...figures,
        submission: submissionSchema.nullable().describe("The row's own latest call"),
        latestCall: latestCallSchema
          .nullable()
          .describe(
            "A person's latest call; a team's own latest call, else the sum of its sub-teams' and direct members' latest calls",
          ),
      }),
    ),
    total: z.object(figures),
    totalCall: latestCallSchema.nullable().describe('The sum of the top rows’ latest calls'),
    stageConversions: z.array(
      z.object({
        stageId: z.uuid(),
        probability: z.number().int(),
        historicalRate: z.number().nullable(),
        closedDeals: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Forecast' });
const snapshotFigures = { ...figures, weekStart: z.string(), takenAt: z.string() };
const accuracySchema = z
  .object({
    kind: z.enum(['month', 'quarter']),
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        period: z.string(),
        start: z.string().describe('First day of the period'),
        end: z.string().describe('Last day of the period, inclusive'),
        ended: z
          .boolean()
          .describe(
            'Whether the period is over; until it is, actualWon is what was won so far and nothing is scored',
          ),
        actualWon: money.describe('Won in the period (so far, while it has not ended)'),
        snapshots: z.array(
          z.object({
            ...snapshotFigures,
            commitError: money
              .nullable()
              .describe('commit + closed − actual won; null until the period ends'),
            commitAccuracy: z
              .number()
              .min(0)
              .max(1)
              .nullable()
              .describe(
                '1 − |commit + closed − actual won| ÷ the larger of the two (1 exact, 0 off by all of it); null until the period ends, or when both are 0',
              ),
            weightedError: money.nullable().describe('weighted − actual won; null until the period ends'),
            weightedAccuracy: z
              .number()
              .min(0)
              .max(1)
              .nullable()
              .describe('As commitAccuracy, of the weighted figure'),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ForecastAccuracy' });

export function registerForecastRoutes(app: App) {
  const base = '/api/v1/forecast';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Forecast of a month or quarter by category, weighted, per owner or team (rolled up)',
        querystring: z
          .object({
            period: periodParam
              .optional()
              .describe('A month (2026-11) or a quarter (2026-Q4); default the current month'),
            groupBy: z.enum(['owner', 'team']).default('owner'),
          })
          .strict(),
        response: { 200: forecastSchema, ...commonErrors },
      },
    },
    async (req) => forecast({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );

  app.post(
    `${base}/submissions`,
    {
      schema: {
        tags,
        summary: 'Call the forecast (a rep for themselves, a manager for a team they manage); append-only',
        body: z
          .object({
            period: periodParam,
            teamId: z.uuid().nullable().optional().describe('The team called for; omit to call for yourself'),
            amount: z.number().min(0).max(1e15).optional().describe('The amount called'),
            adjustment: z
              .number()
              .min(-1e15)
              .max(1e15)
              .optional()
              .describe('Or: the change to the system figure (commit + closed)'),
            note: z.string().trim().max(2_000).nullable().optional(),
          })
          .strict(),
        response: { 201: submissionSchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      const row = await submitForecast({ db: app.db, actor: req.actor!, now: new Date(), ...req.body });
      return reply.status(201).send(row);
    },
  );

  app.get(
    `${base}/submissions`,
    {
      schema: {
        tags,
        summary: 'The audit list of forecast calls, newest first',
        querystring: z
          .object({
            period: periodParam.optional(),
            userId: z.uuid().optional(),
            teamId: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            cursor: z
              .string()
              .regex(/^\d{1,15}$/)
              .optional(),
          })
          .strict(),
        response: {
          200: z
            .object({ items: z.array(submissionSchema), nextCursor: z.string().nullable() })
            .meta({ id: 'ForecastSubmissionList' }),
          ...commonErrors,
        },
      },
    },
    async (req) => listSubmissions({ db: app.db, actor: req.actor!, ...req.query }),
  );

  app.post(
    `${base}/snapshots`,
    {
      schema: {
        tags,
        summary: 'Take this week’s forecast snapshot now (admins; weekly snapshots are otherwise automatic)',
        body: z
          .object({ replace: z.boolean().default(false).describe('Retake this week’s snapshot') })
          .strict(),
        response: {
          200: z
            .object({
              weekStart: z.string(),
              periods: z.array(z.string()),
              rows: z.number().int(),
              taken: z.boolean(),
            })
            .meta({ id: 'ForecastSnapshotTaken' }),
          ...commonErrors,
        },
      },
    },
    async (req) => snapshotNow({ db: app.db, actor: req.actor!, now: new Date(), replace: req.body.replace }),
  );

  app.get(
    `${base}/accuracy`,
    {
      schema: {
        tags,
        summary: 'Forecast accuracy: each weekly snapshot of a period beside what was actually won',
        querystring: z
          .object({
            period: periodParam
              .optional()
              .describe('One month or quarter; instead of a range (kind, from and to are then not used)'),
            kind: z.enum(['month', 'quarter']).default('month'),
            from: monthParam.optional(),
            to: monthParam.optional(),
          })
          .strict(),
        response: { 200: accuracySchema, ...commonErrors },
      },
    },
    async (req) => forecastAccuracy({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );
}
