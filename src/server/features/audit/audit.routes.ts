import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { commonErrors } from '../../crud/routes.ts';
import { auditLog } from '../../db/schema/index.ts';
import { forbidden } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';

const entry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    event: z.string(),
    actorId: z.uuid().nullable(),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

export function registerAuditRoutes(app: App) {
  app.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['Admin'],
        summary: 'Security events of the organization (admins only, newest first)',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            before: z.coerce.number().int().positive().optional(),
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
      if (!actor.isAdmin) throw forbidden('Only admins read the audit log.');
      const rows = await app.db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          event: auditLog.event,
          actorId: auditLog.actorId,
          ip: auditLog.ip,
          detail: auditLog.detail,
        })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.orgId, actor.orgId),
            req.query.before ? lt(auditLog.id, req.query.before) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(req.query.limit + 1);
      const more = rows.length > req.query.limit;
      const items = rows.slice(0, req.query.limit);
      return { items, nextBefore: more ? items[items.length - 1]!.id : null };
    },
  );
}
