import { z } from 'zod';
import { PROCESS_TEMPLATES } from '../../../core/process-templates.ts';
import { getRow } from '../../crud/repo.ts';
import { commonErrors, idParams, parseIfMatch } from '../../crud/routes.ts';
import { forbidden, problemSchema } from '../../http/errors.ts';
import { timeZoneQuery } from '../../http/time-zone.ts';
import type { App } from '../../http/types.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import { createPipelineFromTemplate } from '../orgs/orgs.service.ts';
import {
  clearOtherDefaults,
  criterionSchema,
  pipelinesResource,
  stageToolSchema,
} from '../pipelines/pipelines.resource.ts';
import { setCriterion } from './completions.service.ts';
import { atRiskDeals, opportunityHealth } from './health.service.ts';
import { moveOpportunity } from './move.service.ts';
import { processView } from './process-view.service.ts';

const tags = ['Sales process'];
const person = z.object({ id: z.uuid(), name: z.string() }).nullable();
const tools = z.array(stageToolSchema);
const warning = z.object({
  code: z.enum([
    'stuck',
    'no_activity',
    'close_date_passed',
    'single_threaded',
    'no_coach',
    'decision_maker_not_met',
    'evidence_gap',
    'seller_ahead_of_buyer',
  ]),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  suggestion: z.string(),
  tools,
});
export const healthSchema = z
  .object({ score: z.number().int().min(0).max(100), evidencedStageId: z.uuid(), warnings: z.array(warning) })
  .meta({ id: 'DealHealth' });
const processSchema = z
  .object({
    opportunityId: z.uuid(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    evidencedStageId: z.uuid(),
    buyerStep: z.number().int().nullable(),
    canOverride: z.boolean(),
    ownerId: z.uuid(),
    ownerManagerIds: z
      .array(z.uuid())
      .describe(
        'The managers of the owner’s team and of every team above it: with the owner, who may confirm criteria (admins, and these managers)',
      ),
    stages: z.array(
      z.object({
        id: z.uuid(),
        position: z.number().int(),
        nameEn: z.string(),
        nameZh: z.string(),
        buyerStepEn: z.string().nullable(),
        buyerStepZh: z.string().nullable(),
        funnelState: z.enum(['searching', 'in_funnel', 'best']),
        probability: z.number().int(),
        expectedDays: z.number().int(),
        guidanceEn: z.string().nullable(),
        guidanceZh: z.string().nullable(),
        tools,
        retiredAt: z
          .string()
          .nullable()
          .describe('When the stage was retired (it takes no new deals); null: active'),
        status: z.enum(['done', 'current', 'upcoming']),
        criteria: z.array(
          criterionSchema.extend({
            met: z.boolean(),
            completion: z
              .object({
                by: person,
                at: z.string(),
                note: z.string().nullable(),
                link: z.string().nullable(),
                confirmedBy: person,
                confirmedAt: z.string().nullable(),
              })
              .nullable(),
          }),
        ),
      }),
    ),
    history: z.array(
      z.object({
        stageId: z.uuid(),
        enteredAt: z.string(),
        leftAt: z.string().nullable(),
        enteredBy: person,
        fromStageId: z.uuid().nullable(),
        reason: z.string().nullable(),
        override: z.boolean(),
        unmetAtEntry: z.array(z.object({ criterionId: z.string(), label: z.string() })).nullable(),
      }),
    ),
  })
  .meta({ id: 'DealProcess' });

export function registerProcessRoutes(app: App) {
  app.get(
    '/api/v1/process-templates',
    {
      schema: {
        tags,
        summary:
          'Built-in funnel model templates (8-step solution sale, short product sale, strategic account)',
        response: {
          200: z.object({
            items: z.array(
              z.object({ key: z.string(), nameEn: z.string(), nameZh: z.string(), stages: z.number().int() }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async () => ({
      items: PROCESS_TEMPLATES.map((t) => ({
        key: t.key,
        nameEn: t.nameEn,
        nameZh: t.nameZh,
        stages: t.stages.length,
      })),
    }),
  );

  app.post(
    '/api/v1/pipelines/from-template',
    {
      schema: {
        tags,
        summary: 'Create a funnel model from a built-in template (admins)',
        body: z
          .object({
            template: z.enum(PROCESS_TEMPLATES.map((t) => t.key) as [string, ...string[]]),
            name: z
              .string()
              .trim()
              .min(1)
              .max(200)
              .optional()
              .describe("Default: the template's English name (and its Chinese one as `nameZh`)"),
            nameZh: z
              .string()
              .trim()
              .max(200)
              .nullable()
              .optional()
              .describe("Default: the template's Chinese name, or none when `name` is given"),
            isDefault: z.boolean().default(false),
          })
          .strict(),
        response: { 201: pipelinesResource.itemSchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      if (!actor.isAdmin) throw forbidden('Only admins design funnel models.');
      const tpl = PROCESS_TEMPLATES.find((t) => t.key === req.body.template)!;
      const id = await app.db.transaction(async (tx) => {
        if (req.body.isDefault) await clearOtherDefaults(tx, actor, undefined);
        return createPipelineFromTemplate(tx, actor.orgId, tpl, {
          isDefault: req.body.isDefault,
          name: req.body.name,
          nameZh: req.body.nameZh,
        });
      });
      const row = (await getRow(app.db, pipelinesResource, actor, id))!;
      return reply
        .status(201)
        .header('location', `/api/v1/pipelines/${id}`)
        .header('etag', `"${row.version}"`)
        .send(row);
    },
  );

  app.post(
    '/api/v1/opportunities/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a deal to another stage through its milestone gates',
        description:
          'Forward moves need every exit criterion of the stages left (and skipped): otherwise 409 `milestone_unmet` ' +
          'with `unmet: [{stageId, criterionId, label}]` and `canOverride` (whether you may). A manager of the owner (or an admin), ' +
          'never the owner, may pass `override: true` with a `reason`; others get 403. Moving back needs a `reason`. A retired stage ' +
          'takes no deals: 422 `stage_retired` on `stageId` (its milestone gates no move either). `If-Match` is checked when sent.',
        params: idParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: z
          .object({
            stageId: z.uuid(),
            reason: z.string().trim().max(2_000).optional(),
            override: z.boolean().optional(),
          })
          .strict(),
        response: { 200: opportunitiesResource.itemSchema, 412: problemSchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      const row = await moveOpportunity({
        db: app.db,
        actor: req.actor!,
        id: req.params.id,
        ...req.body,
        ifMatch: parseIfMatch(req.headers['if-match']),
        now: new Date(),
      });
      return reply.header('etag', `"${row.version}"`).send(row);
    },
  );

  app.get(
    '/api/v1/opportunities/:id/process',
    {
      schema: {
        tags,
        summary: 'The deal’s stage path, milestone checklist and stage history',
        params: idParams,
        response: { 200: processSchema, ...commonErrors },
      },
    },
    async (req) => processView({ db: app.db, actor: req.actor!, id: req.params.id }),
  );

  app.post(
    '/api/v1/opportunities/:id/criteria/:criterionId',
    {
      schema: {
        tags,
        summary: 'Complete, clear or confirm a checkbox or document exit criterion',
        params: z.object({ id: z.uuid(), criterionId: z.uuid() }),
        body: z
          .object({
            action: z.enum(['complete', 'uncomplete', 'confirm']),
            note: z.string().trim().max(2_000).nullable().optional(),
            link: z.string().trim().max(2_000).nullable().optional(),
          })
          .strict(),
        response: { 200: processSchema, ...commonErrors },
      },
    },
    async (req) => {
      await setCriterion({
        db: app.db,
        actor: req.actor!,
        opportunityId: req.params.id,
        criterionId: req.params.criterionId,
        ...req.body,
        now: new Date(),
      });
      return processView({ db: app.db, actor: req.actor!, id: req.params.id });
    },
  );

  app.get(
    '/api/v1/opportunities/:id/health',
    {
      schema: {
        tags,
        summary: 'Deal health: score, evidenced stage and warnings with suggestions',
        params: idParams,
        querystring: z.object({ timeZone: timeZoneQuery }).strict(),
        response: { 200: healthSchema, ...commonErrors },
      },
    },
    async (req) =>
      opportunityHealth({ db: app.db, actor: req.actor!, id: req.params.id, now: new Date(), ...req.query }),
  );

  app.get(
    '/api/v1/opportunities/at-risk',
    {
      schema: {
        tags,
        summary: 'Open deals at risk in my scope (a manager: the team), worst first',
        querystring: z
          .object({
            maxScore: z.coerce.number().int().min(0).max(100).default(70),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            ownerId: z.uuid().optional(),
            teamId: z.uuid().optional(),
            timeZone: timeZoneQuery,
          })
          .strict(),
        response: {
          200: z.object({
            items: z.array(
              healthSchema.extend({
                id: z.uuid(),
                name: z.string(),
                ownerId: z.uuid(),
                amount: z.number(),
                stageId: z.uuid(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (req) => ({
      items: await atRiskDeals({ db: app.db, actor: req.actor!, now: new Date(), ...req.query }),
    }),
  );
}
