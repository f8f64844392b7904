import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource } from '../../crud/resource.ts';
import type { DbOrTx } from '../../db/client.ts';
import { opportunities, pipelineStages, pipelines } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { nameField } from '../fields.ts';

const stageInput = z
  .object({
    id: z.uuid().optional().describe('Keep an existing stage (its deals stay in it); omit for a new stage'),
    nameEn: z.string().trim().min(1).max(100),
    nameZh: z.string().trim().min(1).max(100),
    probability: z.number().int().min(0).max(100),
  })
  .strict();
type StageInput = z.infer<typeof stageInput>;

/**
 * Replaces the ordered stages of a pipeline. Stage ids are stable: a stage sent with its id keeps it (and
 * the deals in it), so editing a model never rewrites the history of deals already in it.
 */
async function saveStages(tx: DbOrTx, actor: Actor, pipelineId: string, stages: StageInput[]) {
  const orgId = actor.orgId;
  const existing = await tx
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.pipelineId, pipelineId)));
  const known = new Set(existing.map((s) => s.id));
  stages.forEach((s, i) => {
    if (s.id && !known.has(s.id))
      throw new DomainError(422, 'validation_failed', 'A stage id does not belong to this pipeline.', {
        errors: [{ path: `stages.${i}.id`, message: 'unknown stage of this pipeline' }],
      });
  });
  const kept = new Set(stages.map((s) => s.id).filter(Boolean));
  const removed = [...known].filter((id) => !kept.has(id));
  if (removed.length) {
    const inUse = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(opportunities)
      .where(
        and(
          eq(opportunities.orgId, orgId),
          sql`${opportunities.stageId} = ANY(${`{${removed.join(',')}}`}::uuid[])`,
        ),
      );
    if (inUse[0]?.n)
      throw new DomainError(
        409,
        'stage_in_use',
        `A removed stage still holds ${inUse[0].n} deal(s); move them first.`,
        {
          errors: [{ path: 'stages', message: 'removed stage has deals' }],
        },
      );
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
    const values = { nameEn: s.nameEn, nameZh: s.nameZh, probability: s.probability, position: i + 1 };
    if (s.id)
      await tx
        .update(pipelineStages)
        .set(values)
        .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.id, s.id)));
    else await tx.insert(pipelineStages).values({ ...values, orgId, pipelineId });
  }
}

/** One default per organization (a partial unique index): clear the others before this one takes it. */
async function clearOtherDefaults(tx: DbOrTx, actor: Actor, keepId: string | undefined) {
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
  writable: ['name', 'description', 'isDefault'],
  fieldSchemas: { name: nameField, description: z.string().max(2_000).nullable() },
  extraInput: {
    stages: z
      .array(stageInput)
      .min(1)
      .max(30)
      .optional()
      .describe('Ordered stages (replaces the whole list)'),
  },
  itemExtras: {
    stages: {
      sql: sql`(SELECT coalesce(json_agg(json_build_object('id', s.id, 'position', s.position, 'nameEn', s.name_en,
        'nameZh', s.name_zh, 'probability', s.probability) ORDER BY s.position), '[]'::json)
        FROM pipeline_stages s WHERE s.org_id = "pipelines".org_id AND s.pipeline_id = "pipelines".id)`,
      schema: z.array(
        z.object({
          id: z.uuid(),
          position: z.number().int(),
          nameEn: z.string(),
          nameZh: z.string(),
          probability: z.number().int(),
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
          errors: [{ path: 'stages', message: 'required' }],
        });
      if (input.isDefault === true) await clearOtherDefaults(tx, actor, before?.id as string | undefined);
      return undefined;
    },
    afterCreate: async ({ tx, actor, input, row }) => {
      await saveStages(tx, actor, row.id as string, input.stages as StageInput[]);
    },
    afterUpdate: async ({ tx, actor, input, row }) => {
      if (input.stages) await saveStages(tx, actor, row.id as string, input.stages as StageInput[]);
    },
  },
});
