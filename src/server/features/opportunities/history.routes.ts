import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { getRow } from '../../crud/repo.ts';
import { commonErrors, idParams } from '../../crud/routes.ts';
import { opportunityHistory, users } from '../../db/schema/index.ts';
import type { App } from '../../http/types.ts';
import { opportunitiesResource } from './opportunities.resource.ts';

const entry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    field: z.string(),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'OpportunityHistoryEntry' });

export function registerHistoryRoutes(app: App) {
  app.get(
    '/api/v1/opportunities/:id/history',
    {
      schema: {
        tags: ['Opportunities'],
        summary: 'Field-level change history of a deal (newest first)',
        params: idParams,
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            before: z.coerce
              .number()
              .int()
              .positive()
              .optional()
              .describe('Entries older than this id (paging)'),
          })
          .strict(),
        response: {
          200: z.object({ items: z.array(entry), nextBefore: z.number().int().nullable() }),
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      if (!(await getRow(app.db, opportunitiesResource, actor, req.params.id)))
        throw app.notFound('opportunity');
      const rows = await app.db
        .select({
          id: opportunityHistory.id,
          at: opportunityHistory.at,
          field: opportunityHistory.field,
          oldValue: opportunityHistory.oldValue,
          newValue: opportunityHistory.newValue,
          actorId: opportunityHistory.actorId,
          actorName: users.name,
        })
        .from(opportunityHistory)
        .leftJoin(
          users,
          and(eq(users.orgId, opportunityHistory.orgId), eq(users.id, opportunityHistory.actorId)),
        )
        .where(
          and(
            eq(opportunityHistory.orgId, actor.orgId),
            eq(opportunityHistory.opportunityId, req.params.id),
            req.query.before ? lt(opportunityHistory.id, req.query.before) : undefined,
          ),
        )
        .orderBy(desc(opportunityHistory.id))
        .limit(req.query.limit + 1);
      const more = rows.length > req.query.limit;
      const items = rows.slice(0, req.query.limit).map(({ actorId, actorName, ...r }) => ({
        ...r,
        actor: actorId ? { id: actorId, name: actorName ?? '' } : null,
      }));
      return { items, nextBefore: more ? items[items.length - 1]!.id : null };
    },
  );
}
