import { z } from 'zod';
import { commonErrors } from '../../crud/routes.ts';
import type { App } from '../../http/types.ts';
import { pendingConfirmations } from './confirmations.service.ts';

/** One source for the item's shape: the response schema, the OpenAPI, the service's and the web's type. */
export const pendingConfirmation = z
  .object({
    opportunityId: z.uuid(),
    opportunityName: z.string(),
    ownerId: z.uuid(),
    criterionId: z.uuid(),
    labelEn: z.string(),
    labelZh: z.string(),
    kind: z.enum(['checkbox', 'document']),
    stage: z.object({ id: z.uuid(), nameEn: z.string(), nameZh: z.string() }),
    completedBy: z.object({ id: z.uuid(), name: z.string() }),
    completedAt: z.string(),
    note: z.string().nullable(),
    link: z.string().nullable(),
  })
  .meta({ id: 'PendingConfirmation' });
export type PendingConfirmation = z.infer<typeof pendingConfirmation>;

const pendingAnswer = z.object({
  canConfirm: z.boolean(),
  total: z.number().int(),
  items: z.array(pendingConfirmation),
});
export type PendingAnswer = z.infer<typeof pendingAnswer>;

export function registerConfirmationRoutes(app: App) {
  app.get(
    '/api/v1/confirmations/pending',
    {
      schema: {
        tags: ['Sales process'],
        summary: 'Milestone criteria waiting for my confirmation (oldest first)',
        description:
          'Checkbox and document exit criteria that ask for a confirmation, completed on open deals by someone ' +
          'else and not yet confirmed, that the caller may confirm: admins, and managers over the deal owner. ' +
          '`canConfirm` is false (and the list empty) for roles that never confirm. Confirm one with ' +
          '`POST /api/v1/opportunities/:id/criteria/:criterionId {action: "confirm"}`.',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: pendingAnswer,
          ...commonErrors,
        },
      },
    },
    async (req) => pendingConfirmations({ db: app.db, actor: req.actor!, limit: req.query.limit }),
  );
}
