import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../http/types.ts';

const health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['ok', 'unreachable']),
    version: z.string(),
  })
  .meta({ id: 'Health' });

export function registerHealthRoutes(app: App) {
  app.get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: {
        tags: ['System'],
        summary: 'Liveness and database reachability',
        security: [],
        response: { 200: health, 503: health },
      },
    },
    async (_req, reply) => {
      const ok = await app.db.execute(sql`SELECT 1`).then(
        () => true,
        () => false,
      );
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        database: ok ? 'ok' : 'unreachable',
        version: app.winpathVersion,
      });
    },
  );
}
