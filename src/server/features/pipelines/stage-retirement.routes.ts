import { z } from 'zod';
import { commonErrors, parseIfMatch } from '../../crud/routes.ts';
import { problemSchema } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { pipelinesResource } from './pipelines.resource.ts';
import { setStageRetired } from './stage-retirement.service.ts';

const params = z.object({ id: z.uuid(), stageId: z.uuid() }).strict();
const headers = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag (version) of the funnel model as last read; checked when sent'),
});
const retireConflict = problemSchema
  .extend({
    open: z
      .number()
      .int()
      .optional()
      .describe('`stage_has_open_deals`: the open deals in the stage, to be moved to another stage first'),
  })
  .meta({ id: 'StageRetirementConflict' });

/**
 * Retiring a stage of a funnel model (停用) and making it active again (启用), for admins. Not `/restore`:
 * across the API that brings a record back from the recycle bin.
 */
export function registerStageRetirementRoutes(app: App) {
  const tags = ['Pipelines'];
  for (const action of ['retire', 'reactivate'] as const)
    app.post(
      `/api/v1/pipelines/:id/stages/:stageId/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'retire'
              ? 'Retire a stage: it takes no new deals and leaves the board; its history stays (admins)'
              : 'Make a retired stage active again (admins)',
          description:
            action === 'retire'
              ? 'A stage deals have been in cannot be removed; retiring it stops its use instead. Creating a deal in a ' +
                'retired stage or moving one into it is then refused (422 `stage_retired` on `stageId`); the stage leaves ' +
                'the board and the stage pickers, while stage history, time in stage and the funnel keep counting the ' +
                'deals that were in it. Refused with 409 `stage_has_open_deals` (with `open`, the count) while open deals ' +
                'are in it: move them first; and with 409 `last_active_stage` for the only active stage of the model. ' +
                'Retiring a retired stage changes nothing. Answers the funnel model, whose `stages[].retiredAt` says ' +
                'which are retired.'
              : 'The stage takes deals again and comes back on the board. Restoring an active stage changes nothing.',
          params,
          headers,
          response: {
            200: pipelinesResource.itemSchema,
            412: problemSchema,
            ...commonErrors,
            ...(action === 'retire' ? { 409: retireConflict } : {}),
          },
        },
      },
      async (req, reply) => {
        const row = await setStageRetired({
          db: app.db,
          actor: req.actor!,
          pipelineId: req.params.id,
          stageId: req.params.stageId,
          retired: action === 'retire',
          ifMatch: parseIfMatch(req.headers['if-match']),
          now: new Date(),
        });
        return reply.header('etag', `"${row.version}"`).send(row);
      },
    );
}
