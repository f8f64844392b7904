import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import { unmetForMove } from '../../../core/process/milestones.ts';
import { type DealFacts, label } from '../../../core/process/model.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource, type Row } from '../../crud/resource.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  opportunities,
  opportunityHistory,
  opportunityLineItems,
  opportunityMembers,
  pipelineStages,
  pipelines,
  products,
} from '../../db/schema/index.ts';
import { DomainError, invalid } from '../../http/errors.ts';
import { activitiesResource } from '../activities/activities.resource.ts';
import { currencyField, externalIdField, moneyField, nameField } from '../fields.ts';
import { notesResource } from '../notes/notes.resource.ts';
import { refuseRetiredStage } from '../pipelines/stage-retirement.repo.ts';
import { loadStages } from '../process/process.repo.ts';
import { closeStagePeriod, enterStage } from '../process/stage-periods.ts';
import { opportunityFilters } from './opportunities.filters.ts';

const lineItemInput = z
  .object({
    productId: z.uuid(),
    quantity: z.number().positive().max(1_000_000_000).multipleOf(0.01).default(1),
    unitPrice: moneyField.optional().describe('Defaults to the product list price'),
  })
  .strict();
const memberInput = z
  .object({ userId: z.uuid(), role: z.string().trim().min(1).max(50).default('member') })
  .strict();

const WRITABLE = [
  'name',
  'accountId',
  'ownerId',
  'amount',
  'currency',
  'expectedCloseDate',
  'status',
  'closeReason',
  'closedAt',
  'forecastCategory',
  'nextStep',
  'buyerStep',
  'keyNeed',
  'competitor',
  'pipelineId',
  'stageId',
  'externalId',
] as const;

type Tx = DbOrTx;

/** Fills pipeline and stage (the default pipeline's first stage), and keeps status, close date and category consistent. */
async function normalise(tx: Tx, actor: Actor, input: Row, before: Row | undefined, now: Date): Promise<Row> {
  const out: Row = { ...input };
  if (before && out.stageId !== undefined && out.stageId !== before.stageId)
    throw new DomainError(
      409,
      'use_move',
      'Change the stage with POST /api/v1/opportunities/:id/move, which checks the milestone gates.',
      { errors: [fieldError('stageId', 'use_move')] },
    );
  const pipelineChanged = out.pipelineId !== undefined && out.pipelineId !== before?.pipelineId;
  if (out.stageId !== undefined && out.pipelineId === undefined) {
    const st = await tx
      .select({ pipelineId: pipelineStages.pipelineId })
      .from(pipelineStages)
      .where(and(eq(pipelineStages.orgId, actor.orgId), eq(pipelineStages.id, out.stageId as string)));
    if (!st[0]) throw invalid([fieldError('stageId', 'unknown_stage')]);
    out.pipelineId = st[0].pipelineId;
  } else if (!before || (pipelineChanged && out.stageId === undefined)) {
    let pipelineId = out.pipelineId as string | undefined;
    if (!pipelineId) {
      const def = await tx
        .select({ id: pipelines.id })
        .from(pipelines)
        .where(
          and(
            eq(pipelines.orgId, actor.orgId),
            eq(pipelines.isDefault, true),
            sql`${pipelines.deletedAt} IS NULL`,
          ),
        );
      if (!def[0]) throw invalid([fieldError('pipelineId', 'no_default_pipeline')]);
      pipelineId = def[0].id;
    }
    if (out.stageId === undefined) {
      // The first stage new deals can enter: a retired stage takes none.
      const first = await tx
        .select({ id: pipelineStages.id })
        .from(pipelineStages)
        .where(
          and(
            eq(pipelineStages.orgId, actor.orgId),
            eq(pipelineStages.pipelineId, pipelineId),
            isNull(pipelineStages.retiredAt),
          ),
        )
        .orderBy(asc(pipelineStages.position))
        .limit(1);
      if (!first[0]) throw invalid([fieldError('pipelineId', 'unknown_pipeline')]);
      out.stageId = first[0].id;
    }
    out.pipelineId = pipelineId;
  }
  // A deal created in a stage, or put in another pipeline's first stage, enters it: never a retired one.
  if (typeof out.stageId === 'string' && out.stageId !== before?.stageId)
    await refuseRetiredStage(tx, actor.orgId, out.stageId);
  if (!before) await gateOnCreate(tx, actor, out);
  const status = (out.status ?? before?.status ?? 'open') as string;
  const closing = status === 'lost' || status === 'no_decision';
  if (
    closing &&
    out.status !== undefined &&
    out.status !== before?.status &&
    !(out.closeReason ?? before?.closeReason)
  )
    throw invalid([fieldError('closeReason', 'close_reason_required')]);
  if (status === 'open') {
    if (out.status !== undefined || out.closedAt !== undefined) out.closedAt = null;
  } else if (out.status !== undefined && out.status !== before?.status) {
    out.closedAt ??= now.toISOString().slice(0, 10);
    out.forecastCategory ??= status === 'won' ? 'closed' : 'omitted';
  } else if (out.closedAt === null) {
    throw invalid([fieldError('closedAt', 'closed_date_required')]);
  }
  const lineItems = out.lineItems as z.infer<typeof lineItemInput>[] | undefined;
  if (lineItems?.length) {
    const ids = [...new Set(lineItems.map((l) => l.productId))];
    const found = await tx
      .select({ id: products.id, listPrice: products.listPrice })
      .from(products)
      .where(
        and(eq(products.orgId, actor.orgId), sql`${products.id} = ANY(${`{${ids.join(',')}}`}::uuid[])`),
      );
    const price = new Map(found.map((p) => [p.id, p.listPrice]));
    lineItems.forEach((l, i) => {
      if (!price.has(l.productId)) throw invalid([fieldError(`lineItems.${i}.productId`, 'unknown_product')]);
      l.unitPrice ??= price.get(l.productId)!;
    });
    // With products on the deal, the amount is their total (as in Salesforce), not a free field.
    out.amount = Math.round(lineItems.reduce((s, l) => s + l.quantity * l.unitPrice!, 0) * 100) / 100;
  }
  return out;
}

/**
 * A deal created directly in a later stage must have the evidence for it like a moved one; on create the
 * only evidence there can be is the deal's own fields (no stakeholders, activities or ticks yet).
 */
async function gateOnCreate(tx: Tx, actor: Actor, out: Row): Promise<void> {
  const stages = await loadStages(tx, actor.orgId, out.pipelineId as string);
  const target = stages.find((s) => s.id === out.stageId);
  if (!target || target.position <= 1) return;
  const facts: DealFacts = {
    stageId: target.id,
    status: 'open',
    buyerStep: (out.buyerStep as number | undefined) ?? null,
    expectedCloseDate: (out.expectedCloseDate as string | undefined) ?? null,
    createdAt: new Date().toISOString(),
    stageEnteredAt: new Date().toISOString(),
    fields: out,
    completions: [],
    stakeholders: [],
    doneActivityTypes: [],
    lastActivityAt: null,
  };
  const unmet = unmetForMove(stages, 1, target.position, facts).map((u) => ({
    stageId: u.stageId,
    criterionId: u.criterion.id,
    label: label(u.criterion, actor.locale),
  }));
  if (unmet.length)
    throw new DomainError(
      409,
      'milestone_unmet',
      `${unmet.length} exit criteria of earlier stages are not met.`,
      { unmet },
    );
}

/** Keeps the stage periods in step with stage and status changes made through create/PATCH. */
async function trackStage(tx: Tx, actor: Actor, row: Row, before: Row | undefined, now: Date) {
  const at = now.toISOString();
  const status = row.status ?? 'open';
  const base = {
    orgId: actor.orgId,
    opportunityId: row.id as string,
    pipelineId: row.pipelineId as string,
    at,
    by: actor.userId,
  };
  if (!before || before.stageId !== row.stageId) {
    await enterStage(tx, {
      ...base,
      stageId: row.stageId as string,
      fromStageId: (before?.stageId as string) ?? null,
    });
    if (status !== 'open') await closeStagePeriod(tx, actor.orgId, row.id as string, at);
  } else if (before.status === 'open' && status !== 'open') {
    await closeStagePeriod(tx, actor.orgId, row.id as string, at);
  } else if (before.status !== 'open' && status === 'open') {
    await enterStage(tx, {
      ...base,
      stageId: row.stageId as string,
      fromStageId: row.stageId as string,
      reason: 'reopened',
    });
  }
}

async function replaceChildren(tx: Tx, actor: Actor, opportunityId: string, input: Row) {
  const orgId = actor.orgId;
  if (input.lineItems) {
    await tx
      .delete(opportunityLineItems)
      .where(
        and(eq(opportunityLineItems.orgId, orgId), eq(opportunityLineItems.opportunityId, opportunityId)),
      );
    const items = input.lineItems as Required<z.infer<typeof lineItemInput>>[];
    if (items.length)
      await tx.insert(opportunityLineItems).values(items.map((l) => ({ ...l, orgId, opportunityId })));
  }
  if (input.members) {
    await tx
      .delete(opportunityMembers)
      .where(and(eq(opportunityMembers.orgId, orgId), eq(opportunityMembers.opportunityId, opportunityId)));
    const members = [
      ...new Map((input.members as z.infer<typeof memberInput>[]).map((m) => [m.userId, m])).values(),
    ];
    if (members.length)
      await tx.insert(opportunityMembers).values(members.map((m) => ({ ...m, orgId, opportunityId })));
  }
}

/** History rows: each change, for each deal (one insert however many). */
async function record(
  tx: Tx,
  actor: Actor,
  opportunityIds: string | readonly string[],
  now: Date,
  changes: { field: string; oldValue: unknown; newValue: unknown }[],
) {
  const ids = typeof opportunityIds === 'string' ? [opportunityIds] : opportunityIds;
  if (!changes.length || !ids.length) return;
  await tx.insert(opportunityHistory).values(
    ids.flatMap((opportunityId) =>
      changes.map((c) => ({
        orgId: actor.orgId,
        opportunityId,
        actorId: actor.userId,
        at: now.toISOString(),
        field: c.field,
        oldValue: c.oldValue ?? null,
        newValue: c.newValue ?? null,
      })),
    ),
  );
}

async function childSnapshot(tx: Tx, actor: Actor, id: string) {
  const ref = sql`${id}::uuid`;
  const res = await tx.execute<{ line_items: unknown; members: unknown }>(
    sql`SELECT ${lineItemsSql(ref, actor.orgId)} AS line_items, ${membersSql(ref, actor.orgId)} AS members`,
  );
  return res.rows[0]!;
}

const lineItemsSql = (idRef: SQL, orgId: SQL | string) => sql`(SELECT coalesce(json_agg(json_build_object(
    'productId', li.product_id, 'quantity', li.quantity::float8, 'unitPrice', li.unit_price::float8) ORDER BY li.id), '[]'::json)
    FROM opportunity_line_items li WHERE li.org_id = ${orgId} AND li.opportunity_id = ${idRef})`;
const membersSql = (idRef: SQL, orgId: SQL | string) => sql`(SELECT coalesce(json_agg(json_build_object(
    'userId', m.user_id, 'role', m.role) ORDER BY m.user_id), '[]'::json)
    FROM opportunity_members m WHERE m.org_id = ${orgId} AND m.opportunity_id = ${idRef})`;

export const opportunitiesResource: Resource = defineResource({
  name: 'opportunities',
  label: 'Opportunity',
  table: opportunities,
  writable: WRITABLE,
  serverDefaults: ['pipelineId', 'stageId'],
  fieldSchemas: {
    name: nameField,
    amount: moneyField,
    currency: currencyField,
    closeReason: z.string().trim().max(2_000).nullable(),
    nextStep: z.string().trim().max(2_000).nullable(),
    keyNeed: z.string().trim().max(5_000).nullable(),
    competitor: z.string().trim().max(200).nullable(),
    buyerStep: z.number().int().min(1).max(30).nullable(),
    externalId: externalIdField,
  },
  extraInput: {
    lineItems: z
      .array(lineItemInput)
      .max(200)
      .optional()
      .describe('Products on the deal (replaces the whole list)'),
    members: z
      .array(memberInput)
      .max(100)
      .optional()
      .describe('The deal team besides the owner (replaces the whole list)'),
  },
  itemExtras: {
    lineItems: {
      sql: lineItemsSql(sql.raw('"opportunities".id'), sql.raw('"opportunities".org_id')),
      schema: z.array(z.object({ productId: z.uuid(), quantity: z.number(), unitPrice: z.number() })),
    },
    members: {
      sql: membersSql(sql.raw('"opportunities".id'), sql.raw('"opportunities".org_id')),
      schema: z.array(z.object({ userId: z.uuid(), role: z.string() })),
    },
  },
  filters: {
    id: 'uuid',
    ownerId: 'uuid',
    accountId: 'uuid',
    status: 'enum',
    pipelineId: 'uuid',
    stageId: 'uuid',
    forecastCategory: 'enum',
    amount: 'number',
    expectedCloseDate: 'date',
    closedAt: 'date',
    createdAt: 'timestamp',
  },
  customFilters: opportunityFilters,
  sorts: ['name', 'amount', 'expectedCloseDate', 'createdAt', 'updatedAt', 'closedAt'],
  defaultSort: '-updatedAt',
  searchable: true,
  visibility: (actor) => opportunityVisible(actor, '"opportunities"'),
  writeAccess: 'sales',
  cascade: [
    { resource: () => activitiesResource, column: 'opportunity_id' },
    { resource: () => notesResource, column: 'opportunity_id' },
  ],
  hooks: {
    beforeWrite: ({ tx, actor, input, before, now }) => normalise(tx, actor, input, before, now),
    afterCreate: async ({ tx, actor, input, row, now }) => {
      await trackStage(tx, actor, { ...input, ...row }, undefined, now);
      await replaceChildren(tx, actor, row.id as string, input);
      await record(tx, actor, row.id as string, now, [
        { field: 'created', oldValue: null, newValue: input.name },
      ]);
    },
    afterUpdate: async ({ tx, actor, input, before, row, now }) => {
      const id = row.id as string;
      await trackStage(tx, actor, row, before, now);
      const changes: { field: string; oldValue: unknown; newValue: unknown }[] = WRITABLE.filter(
        (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(row[f] ?? null),
      ).map((f) => ({ field: f, oldValue: before[f], newValue: row[f] }));
      if (input.lineItems || input.members) {
        const old = await childSnapshot(tx, actor, id);
        await replaceChildren(tx, actor, id, input);
        const cur = await childSnapshot(tx, actor, id);
        if (input.lineItems && JSON.stringify(old.line_items) !== JSON.stringify(cur.line_items))
          changes.push({ field: 'lineItems', oldValue: old.line_items, newValue: cur.line_items });
        if (input.members && JSON.stringify(old.members) !== JSON.stringify(cur.members))
          changes.push({ field: 'members', oldValue: old.members, newValue: cur.members });
      }
      await record(tx, actor, id, now, changes);
    },
    afterDelete: async ({ tx, actor, row, now, restored }) =>
      record(tx, actor, row.id as string, now, [
        { field: restored ? 'restored' : 'deleted', oldValue: null, newValue: null },
      ]),
    // Deleted or restored with its account: the same line, saying so (`{"with": "account"}`).
    afterCascade: ({ tx, actor, ids, parent, now, restored }) =>
      record(tx, actor, ids, now, [
        {
          field: restored ? 'restored' : 'deleted',
          oldValue: null,
          newValue: { with: parent.label.toLowerCase() },
        },
      ]),
  },
});
