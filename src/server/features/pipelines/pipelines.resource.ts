import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type FieldErrorCode, fieldError } from '../../../core/field-errors.ts';
import {
  BUYING_ROLES,
  type BuyingRole,
  CRITERION_KINDS,
  type CriterionKind,
} from '../../../core/process/model.ts';
import { isToolLink, type StageTool } from '../../../core/stage-tools.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource } from '../../crud/resource.ts';
import type { DbOrTx } from '../../db/client.ts';
import { milestoneCriteria, pipelineStages, pipelines } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { nameField } from '../fields.ts';
import { refuseRemovingUsedStages } from './stage-removal.repo.ts';

/**
 * A tool on a stage: a link to a worksheet or a document, labelled in English and, optionally, Chinese. One
 * shape for what an admin sends and what the API answers.
 */
export const stageToolSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    labelZh: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .optional()
      .describe('The label in Chinese; blank or null: readers show `label`'),
    url: z
      .string()
      .trim()
      .min(1)
      .max(2_000)
      .refine(isToolLink, { params: { code: 'link' satisfies FieldErrorCode } })
      .meta({
        description:
          'A web address (https://…), an e-mail link (mailto:…), or /tools/<slug> for a built-in worksheet',
        examples: ['/tools/visit-plan', 'https://wiki.example.com/visit-checklist'],
      }),
  })
  .strict() satisfies z.ZodType<StageTool>;

const criterionInput = z
  .object({
    id: z.uuid().optional().describe('Keep an existing criterion (and its completions); omit for a new one'),
    labelEn: z.string().trim().min(1).max(200),
    labelZh: z.string().trim().min(1).max(200),
    hintEn: z.string().trim().max(500).nullable().optional(),
    hintZh: z.string().trim().max(500).nullable().optional(),
    kind: z.enum(CRITERION_KINDS as [CriterionKind, ...CriterionKind[]]),
    config: z
      .object({
        role: z.enum(BUYING_ROLES as [BuyingRole, ...BuyingRole[]]).optional(),
        met: z.boolean().optional(),
        attitude: z.enum(['supporter', 'neutral', 'opponent']).optional(),
        activityType: z.enum(['visit', 'call', 'meeting', 'demo', 'email', 'task']).optional(),
        field: z
          .enum(['name', 'amount', 'expectedCloseDate', 'nextStep', 'keyNeed', 'competitor', 'buyerStep'])
          .optional(),
      })
      .strict()
      .default({}),
    requiresConfirmation: z.boolean().default(false),
  })
  .strict();

/** A milestone criterion as the API shows it (pipelines, and the deal's stage path). */
export const criterionSchema = z.object({
  id: z.uuid(),
  labelEn: z.string(),
  labelZh: z.string(),
  hintEn: z.string().nullable(),
  hintZh: z.string().nullable(),
  kind: z.enum(CRITERION_KINDS as [CriterionKind, ...CriterionKind[]]),
  config: z.object({
    role: z.enum(BUYING_ROLES as [BuyingRole, ...BuyingRole[]]).optional(),
    met: z.boolean().optional(),
    attitude: z.enum(['supporter', 'neutral', 'opponent']).optional(),
    activityType: z.string().optional(),
    field: z.string().optional(),
  }),
  requiresConfirmation: z.boolean(),
});

const stageInput = z
  .object({
    id: z
      .uuid()
      .optional()
      .describe(
        'Keep an existing stage (its deals stay in it, and it stays retired if it is); omit for a new stage',
      ),
    nameEn: z.string().trim().min(1).max(100),
    nameZh: z.string().trim().min(1).max(100),
    probability: z.number().int().min(0).max(100),
    buyerStepEn: z.string().trim().max(200).nullable().optional(),
    buyerStepZh: z.string().trim().max(200).nullable().optional(),
    funnelState: z.enum(['searching', 'in_funnel', 'best']).default('in_funnel'),
    expectedDays: z.number().int().min(1).max(3650).default(30),
    guidanceEn: z.string().max(5_000).nullable().optional(),
    guidanceZh: z.string().max(5_000).nullable().optional(),
    tools: z.array(stageToolSchema).max(20).default([]),
    criteria: z
      .array(criterionInput)
      .max(20)
      .optional()
      .describe('The milestone: exit criteria (replaces the list)'),
  })
  .strict();
type StageInput = z.infer<typeof stageInput>;

/** An optional text left blank is stored as null, not as '' (readers fall back to the other language). */
const orNull = (v: string | null | undefined) => (v?.trim() ? v : null);

/** A stage's optional translations and its tools' Chinese labels, blanks as null. */
function withOptionalTexts(s: Omit<StageInput, 'id' | 'criteria'>) {
  return {
    ...s,
    buyerStepEn: orNull(s.buyerStepEn),
    buyerStepZh: orNull(s.buyerStepZh),
    guidanceEn: orNull(s.guidanceEn),
    guidanceZh: orNull(s.guidanceZh),
    tools: s.tools.map((t) => ({ ...t, labelZh: orNull(t.labelZh) })),
  };
}

/**
 * Replaces the ordered stages of a pipeline. Stage ids are stable: a stage sent with its id keeps it (and
 * the deals in it), so editing a model never rewrites the history of deals already in it.
 */
async function saveStages(tx: DbOrTx, actor: Actor, pipelineId: string, stages: StageInput[]) {
  const orgId = actor.orgId;
  const existing = await tx
    .select({ id: pipelineStages.id, retiredAt: pipelineStages.retiredAt })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, pipelineId)));
  const known = new Set(existing.map((s) => s.id));
  stages.forEach((s, i) => {
    if (s.id && !known.has(s.id))
      throw new DomainError(422, 'validation_failed', 'A stage id does not belong to this pipeline.', {
        errors: [fieldError(`stages.${i}.id`, 'stage_of_other_pipeline')],
      });
  });
  // New deals start in the first active stage: an edit that would leave only retired ones is refused. (A
  // retirement in progress holds this pipeline's row, which the save locked too, so the two take turns.)
  const retired = new Set(existing.filter((s) => s.retiredAt).map((s) => s.id));
  if (stages.every((s) => s.id && retired.has(s.id)))
    throw new DomainError(422, 'validation_failed', 'A funnel model needs an active stage.', {
      errors: [fieldError('stages', 'no_active_stage')],
    });
  const kept = new Set(stages.map((s) => s.id).filter(Boolean));
  const removed = [...known].filter((id) => !kept.has(id));
  if (removed.length) {
    await refuseRemovingUsedStages(tx, orgId, removed);
    await tx
      .delete(pipelineStages)
      .where(
        and(
          eq(pipelineStages.orgId, orgId),
          sql`${pipelineStages.id} = ANY(${`{${removed.join(',')}}`}::uuid[])`,
        ),
      );
  }
  // Park positions out of the way first so reordering never trips the (pipeline, position) unique key.
  await tx
    .update(pipelineStages)
    .set({ position: sql`${pipelineStages.position} + 100000` })
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, pipelineId)));
  for (const [i, s] of stages.entries()) {
    const { id, criteria, ...fields } = s;
    const values = { ...withOptionalTexts(fields), position: i + 1 };
    let stageId = id;
    if (stageId)
      await tx
        .update(pipelineStages)
        .set(values)
        .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.id, stageId)));
    else
      stageId = (
        await tx
          .insert(pipelineStages)
          .values({ ...values, orgId, pipelineId })
          .returning({ id: pipelineStages.id })
      )[0]!.id;
    if (criteria) await saveCriteria(tx, orgId, pipelineId, stageId, criteria, i);
  }
}

/** Replaces a stage's exit criteria, keeping the ids (and completions) of those sent back with their id. */
async function saveCriteria(
  tx: DbOrTx,
  orgId: string,
  pipelineId: string,
  stageId: string,
  criteria: z.infer<typeof criterionInput>[],
  stageIndex: number,
) {
  const existing = await tx
    .select({ id: milestoneCriteria.id })
    .from(milestoneCriteria)
    .where(and(eq(milestoneCriteria.orgId, orgId), eq(milestoneCriteria.stageId, stageId)));
  const known = new Set(existing.map((c) => c.id));
  criteria.forEach((c, j) => {
    if (c.id && !known.has(c.id))
      throw new DomainError(422, 'validation_failed', 'A criterion id does not belong to this stage.', {
        errors: [fieldError(`stages.${stageIndex}.criteria.${j}.id`, 'unknown_criterion')],
      });
  });
  const kept = new Set(criteria.map((c) => c.id).filter(Boolean));
  const removed = [...known].filter((id) => !kept.has(id));
  if (removed.length)
    await tx
      .delete(milestoneCriteria)
      .where(
        and(
          eq(milestoneCriteria.orgId, orgId),
          sql`${milestoneCriteria.id} = ANY(${`{${removed.join(',')}}`}::uuid[])`,
        ),
      );
  for (const [j, c] of criteria.entries()) {
    const { id, ...fields } = c;
    const values = {
      ...fields,
      hintEn: orNull(fields.hintEn),
      hintZh: orNull(fields.hintZh),
      position: j + 1,
    };
    if (id)
      await tx
        .update(milestoneCriteria)
        .set(values)
        .where(and(eq(milestoneCriteria.orgId, orgId), eq(milestoneCriteria.id, id)));
    else await tx.insert(milestoneCriteria).values({ ...values, orgId, pipelineId, stageId });
  }
}

/** One default per organization (a partial unique index): clear the others before this one takes it. */
export async function clearOtherDefaults(tx: DbOrTx, actor: Actor, keepId: string | undefined) {
  await tx
    .update(pipelines)
    .set({ isDefault: false })
    .where(
      and(
        eq(pipelines.orgId, actor.orgId),
        keepId ? ne(pipelines.id, keepId) : undefined,
        eq(pipelines.isDefault, true),
      ),
    );
}

export const pipelinesResource: Resource = defineResource({
  name: 'pipelines',
  label: 'Pipeline',
  table: pipelines,
  writable: ['name', 'nameZh', 'description', 'isDefault'],
  fieldSchemas: {
    name: nameField,
    nameZh: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .describe('The name in Chinese; blank or null: zh-CN readers (screens, exports) see `name`'),
    description: z.string().max(2_000).nullable(),
  },
  extraInput: {
    stages: z
      .array(stageInput)
      .min(1)
      .max(30)
      .optional()
      .describe(
        'Ordered stages (replaces the whole list). A stage left out is removed: refused (409 `stage_in_use`) while deals are in it or passed through it; retire such a stage instead (POST …/stages/{stageId}/retire)',
      ),
  },
  itemExtras: {
    stages: {
      sql: sql`(SELECT coalesce(json_agg(json_build_object('id', s.id, 'position', s.position, 'nameEn', s.name_en,
        'nameZh', s.name_zh, 'probability', s.probability, 'buyerStepEn', s.buyer_step_en, 'buyerStepZh', s.buyer_step_zh,
        'funnelState', s.funnel_state, 'expectedDays', s.expected_days, 'guidanceEn', s.guidance_en,
        'guidanceZh', s.guidance_zh, 'tools', s.tools,
        'retiredAt', to_char(s.retired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'criteria', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'labelEn', c.label_en, 'labelZh', c.label_zh,
            'hintEn', c.hint_en, 'hintZh', c.hint_zh, 'kind', c.kind, 'config', c.config,
            'requiresConfirmation', c.requires_confirmation) ORDER BY c.position), '[]'::json)
          FROM milestone_criteria c WHERE c.org_id = s.org_id AND c.stage_id = s.id)) ORDER BY s.position), '[]'::json)
        FROM pipeline_stages s WHERE s.org_id = "pipelines".org_id AND s.pipeline_id = "pipelines".id)`,
      schema: z.array(
        z.object({
          id: z.uuid(),
          position: z.number().int(),
          nameEn: z.string(),
          nameZh: z.string(),
          probability: z.number().int(),
          buyerStepEn: z.string().nullable(),
          buyerStepZh: z.string().nullable(),
          funnelState: z.enum(['searching', 'in_funnel', 'best']),
          expectedDays: z.number().int(),
          guidanceEn: z.string().nullable(),
          guidanceZh: z.string().nullable(),
          tools: z.array(stageToolSchema),
          criteria: z.array(criterionSchema),
          retiredAt: z.iso
            .datetime({ offset: true })
            .nullable()
            .describe(
              'When the stage was retired (POST …/stages/{stageId}/retire): it takes no new deals and is not on the board; null: active',
            ),
        }),
      ),
    },
  },
  extrasInList: true,
  filters: { isDefault: 'boolean' },
  sorts: ['name', 'createdAt'],
  defaultSort: 'name',
  searchable: false,
  visibility: () => undefined,
  writeAccess: 'admin',
  hooks: {
    beforeWrite: async ({ tx, actor, input, before }) => {
      if (!before && !input.stages)
        throw new DomainError(422, 'validation_failed', 'A new pipeline needs its stages.', {
          errors: [fieldError('stages', 'required')],
        });
      if (input.isDefault === true) await clearOtherDefaults(tx, actor, before?.id as string | undefined);
      // Blank is stored as null so every reader's fallback (`coalesce(name_zh, name)`) has one case.
      return 'nameZh' in input ? { ...input, nameZh: orNull(input.nameZh as string | null) } : undefined;
    },
    afterCreate: async ({ tx, actor, input, row }) => {
      await saveStages(tx, actor, row.id as string, input.stages as StageInput[]);
    },
    afterUpdate: async ({ tx, actor, input, row }) => {
      if (input.stages) await saveStages(tx, actor, row.id as string, input.stages as StageInput[]);
    },
  },
});
