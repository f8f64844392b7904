import { commonErrors, registerResourceRoutes } from '../../crud/routes.ts';
import type { App } from '../../http/types.ts';
import { quotaReportSchema, rollupQuery } from '../analytics/analytics.routes.ts';
import { quotasResource } from './quotas.resource.ts';
import { quotaReport } from './quotas.service.ts';

/** Quotas of people and teams (CRUD), and attainment against them. */
export function registerQuotaRoutes(app: App) {
  app.get(
    '/api/v1/quotas/attainment',
    {
      schema: {
        tags: ['Quotas'],
        summary: 'Quota attainment (won ÷ quota) in a period, per owner or team (rolled up)',
        querystring: rollupQuery,
        response: { 200: quotaReportSchema, ...commonErrors },
      },
    },
    async (req) => quotaReport({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
  );
  registerResourceRoutes(app, quotasResource, { tag: 'Quotas' });
}
