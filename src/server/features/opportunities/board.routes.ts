import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { dealHealth } from '../../../core/process/health.ts';
import { boardStages } from '../../../core/process/retirement.ts';
import type { Actor } from '../../auth/actor.ts';
import { commonErrors, idParams } from '../../crud/routes.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import { accounts, opportunities, pipelines, users } from '../../db/schema/index.ts';
import { timeZoneQuery } from '../../http/time-zone.ts';
import type { App } from '../../http/types.ts';
import { loadFacts, loadStages } from '../process/process.repo.ts';

const boardItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    accountId: z.uuid(),
    accountName: z.string(),
    ownerId: z.uuid(),
    ownerName: z.string(),
    amount: z.number(),
    currency: z.string(),
    expectedCloseDate: z.string().nullable(),
    nextStep: z.string().nullable(),
    forecastCategory: z.string(),
    stageId: z.uuid(),
    version: z.number().int(),
    updatedAt: z.string(),
    health: z
      .object({
        score: z.number().int(),
        warnings: z.array(
          z.object({
            code: z.string(),
            severity: z.enum(['info', 'warning', 'critical']),
            message: z.string(),
          }),
        ),
      })
      .nullable()
      .describe('Deal health (as GET /opportunities/{id}/health, without suggestions and tools)'),
  })
  .meta({ id: 'BoardItem' });

const boardStage = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    nameEn: z.string(),
    nameZh: z.string(),
    retiredAt: z
      .string()
      .nullable()
      .describe('When the stage was retired; a retired stage is a column only while open deals are in it'),
  })
  .meta({ id: 'BoardStage' });

const boardSchema = z
  .object({
    pipelineId: z.uuid(),
    stages: z
      .array(boardStage)
      .describe(
        'The columns, in order: the active stages, and a retired one only while open deals you see are in it',
      ),
    items: z.array(boardItem),
    truncated: z.boolean(),
  })
  .meta({ id: 'Board' });

const MAX_BOARD_ITEMS = 10_000;
const boardQuery = z.object({ timeZone: timeZoneQuery }).strict();

/**
 * The pipeline board in one read: every open deal of a pipeline the actor may see, as lean rows that
 * already carry the account and owner names (a card needs them; fetching them per card would not scale),
 * and the stages it shows as columns (a retired stage only while open deals sit in it).
 * `/pipelines/default/board` answers for the default pipeline, so a board can load without first
 * reading the pipelines.
 */
export function registerBoardRoutes(app: App) {
  async function board(actor: Actor, pipelineId: string | 'default', timeZone?: string) {
    const found = await app.db
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(
        and(
          eq(pipelines.orgId, actor.orgId),
          pipelineId === 'default' ? eq(pipelines.isDefault, true) : eq(pipelines.id, pipelineId),
          sql`${pipelines.deletedAt} IS NULL`,
        ),
      )
      .limit(1);
    if (!found[0]) throw app.notFound('pipeline');
    const id = found[0].id;
    const vis = opportunityVisible(actor, 'o');
    const factsWhere = vis
      ? sql`o.pipeline_id = ${id} AND o.status = 'open' AND ${vis}`
      : sql`o.pipeline_id = ${id} AND o.status = 'open'`;
    const healthOf = Promise.all([
      loadStages(app.db, actor.orgId, id),
      loadFacts(app.db, actor.orgId, factsWhere),
    ]);
    const rowsOf = app.db
      .select({
        id: opportunities.id,
        name: opportunities.name,
        accountId: opportunities.accountId,
        accountName: accounts.name,
        ownerId: opportunities.ownerId,
        ownerName: users.name,
        amount: opportunities.amount,
        currency: opportunities.currency,
        expectedCloseDate: opportunities.expectedCloseDate,
        nextStep: opportunities.nextStep,
        forecastCategory: opportunities.forecastCategory,
        stageId: opportunities.stageId,
        version: opportunities.version,
        updatedAt: opportunities.updatedAt,
      })
      .from(opportunities)
      .innerJoin(
        accounts,
        and(eq(accounts.orgId, opportunities.orgId), eq(accounts.id, opportunities.accountId)),
      )
      .innerJoin(users, and(eq(users.orgId, opportunities.orgId), eq(users.id, opportunities.ownerId)))
      .where(
        and(
          eq(opportunities.orgId, actor.orgId),
          eq(opportunities.pipelineId, id),
          eq(opportunities.status, 'open'),
          sql`${opportunities.deletedAt} IS NULL`,
          opportunityVisible(actor, '"opportunities"'),
        ),
      )
      .orderBy(sql`${opportunities.expectedCloseDate} ASC NULLS LAST`, asc(opportunities.id))
      .limit(MAX_BOARD_ITEMS + 1);
    const [rows, [stages, facts]] = await Promise.all([rowsOf, healthOf]);
    const now = new Date();
    const items = rows.map((r) => {
      const f = facts.get(r.id);
      if (!f) return { ...r, health: null };
      const h = dealHealth(stages, f, { now, locale: actor.locale, timeZone });
      return {
        ...r,
        health: {
          score: h.score,
          warnings: h.warnings.map((w) => ({ code: w.code, severity: w.severity, message: w.message })),
        },
      };
    });
    const truncated = rows.length > MAX_BOARD_ITEMS;
    const columns = boardStages(
      stages,
      rows.map((r) => r.stageId),
    ).map((s) => ({
      id: s.id,
      position: s.position,
      nameEn: s.nameEn,
      nameZh: s.nameZh,
      retiredAt: s.retiredAt ?? null,
    }));
    return {
      pipelineId: id,
      stages: columns,
      items: truncated ? items.slice(0, MAX_BOARD_ITEMS) : items,
      truncated,
    };
  }

  app.get(
    '/api/v1/pipelines/default/board',
    {
      schema: {
        tags: ['Pipelines'],
        summary: 'The board of the default pipeline (see /pipelines/{id}/board)',
        querystring: boardQuery,
        response: { 200: boardSchema, ...commonErrors },
      },
    },
    async (req) => board(req.actor!, 'default', req.query.timeZone),
  );

  app.get(
    '/api/v1/pipelines/:id/board',
    {
      schema: {
        tags: ['Pipelines'],
        summary: 'Open deals of a pipeline for the board (lean rows with account and owner names)',
        params: idParams,
        querystring: boardQuery,
        response: { 200: boardSchema, ...commonErrors },
      },
    },
    async (req) => board(req.actor!, req.params.id, req.query.timeZone),
  );
}
