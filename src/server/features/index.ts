import { registerResourceRoutes } from '../crud/routes.ts';
import type { App } from '../http/types.ts';
import { accountsResource } from './accounts/accounts.resource.ts';
import { activitiesResource } from './activities/activities.resource.ts';
import { registerAnalyticsRoutes } from './analytics/analytics.routes.ts';
import { registerAuditRoutes } from './audit/audit.routes.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerConfirmationRoutes } from './confirmations/confirmations.routes.ts';
import { contactsResource } from './contacts/contacts.resource.ts';
import { registerExportRoutes } from './export/export.routes.ts';
import { registerForecastRoutes } from './forecast/forecast.routes.ts';
import { registerHealthRoutes } from './health/health.routes.ts';
import { registerImportRoutes } from './imports/imports.routes.ts';
import { notesResource } from './notes/notes.resource.ts';
import { registerBoardRoutes } from './opportunities/board.routes.ts';
import { registerHistoryRoutes } from './opportunities/history.routes.ts';
import { opportunitiesResource } from './opportunities/opportunities.resource.ts';
import { pipelinesResource } from './pipelines/pipelines.resource.ts';
import { registerStageRetirementRoutes } from './pipelines/stage-retirement.routes.ts';
import { registerProcessRoutes } from './process/process.routes.ts';
import { productsResource } from './products/products.resource.ts';
import { quotasResource } from './quotas/quotas.resource.ts';
import { registerQuotaRoutes } from './quotas/quotas.routes.ts';
import { stakeholdersResource } from './stakeholders/stakeholders.resource.ts';
import { teamsResource } from './teams/teams.resource.ts';
import { usersResource } from './users/users.resource.ts';

/** The record resources, each with the standard CRUD + restore routes under /api/v1/<name>. */
export const RESOURCES = [
  [accountsResource, 'Accounts'],
  [contactsResource, 'Contacts'],
  [opportunitiesResource, 'Opportunities'],
  [activitiesResource, 'Activities'],
  [productsResource, 'Products'],
  [usersResource, 'Users'],
  [teamsResource, 'Teams'],
  [notesResource, 'Notes'],
  [pipelinesResource, 'Pipelines'],
  [stakeholdersResource, 'Stakeholders'],
] as const;

/** Every list that can be exported to CSV (`/<name>/export.csv`) and goes into the organization bundle. */
export const EXPORTABLE = [...RESOURCES, [quotasResource, 'Quotas']] as const;

export async function registerApi(app: App): Promise<void> {
  registerHealthRoutes(app);
  registerAuthRoutes(app);
  for (const [res, tag] of RESOURCES) registerResourceRoutes(app, res, { tag });
  registerHistoryRoutes(app);
  registerProcessRoutes(app);
  registerConfirmationRoutes(app);
  registerBoardRoutes(app);
  registerStageRetirementRoutes(app);
  registerAuditRoutes(app);
  registerAnalyticsRoutes(app);
  registerQuotaRoutes(app);
  registerForecastRoutes(app);
  registerExportRoutes(app, EXPORTABLE);
  registerImportRoutes(app);
  // Writes to users and teams change who sees what: drop cached actors so the change applies at once.
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET' && /^\/api\/v1\/(users|teams)(\/|$|\?)/.test(req.url)) app.actors.clear();
  });
}
