import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { attachedVisible } from '../../crud/visibility.ts';
import { activities, activityParticipants } from '../../db/schema/index.ts';
import { externalIdField } from '../fields.ts';
import { activityFilters } from './activities.filters.ts';

const participantIds = z
  .array(z.uuid())
  .max(100)
  .describe('Contacts who took part (replaces the whole list)');

async function setParticipants(
  tx: Parameters<NonNullable<NonNullable<Resource['hooks']>['afterCreate']>>[0]['tx'],
  orgId: string,
  activityId: string,
  ids: string[],
) {
  await tx
    .delete(activityParticipants)
    .where(and(eq(activityParticipants.orgId, orgId), eq(activityParticipants.activityId, activityId)));
  const unique = [...new Set(ids)];
  if (unique.length)
    await tx
      .insert(activityParticipants)
      .values(unique.map((contactId) => ({ orgId, activityId, contactId })));
}

/** Visits, calls, meetings, demos, e-mails and tasks: planned first, then done with an outcome and debrief. */
export const activitiesResource: Resource = defineResource({
  name: 'activities',
  label: 'Activity',
  table: activities,
  writable: [
    'type',
    'status',
    'subject',
    'startAt',
    'durationMinutes',
    'goal',
    'outcome',
    'notes',
    'ownerId',
    'accountId',
    'opportunityId',
    'externalId',
  ],
  fieldSchemas: {
    subject: z.string().trim().min(1).max(300),
    durationMinutes: z.number().int().min(0).max(10_080).nullable(),
    goal: z.string().max(5_000).nullable(),
    outcome: z.string().max(5_000).nullable(),
    notes: z.string().max(20_000).nullable(),
    externalId: externalIdField,
  },
  extraInput: { participantContactIds: participantIds.optional() },
  itemExtras: {
    participantContactIds: {
      sql: sql`(SELECT coalesce(array_agg(p.contact_id ORDER BY p.contact_id), '{}') FROM activity_participants p
        WHERE p.org_id = "activities".org_id AND p.activity_id = "activities".id)`,
      schema: z.array(z.uuid()),
    },
  },
  filters: {
    type: 'enum',
    status: 'enum',
    ownerId: 'uuid',
    accountId: 'uuid',
    opportunityId: 'uuid',
    startAt: 'timestamp',
  },
  customFilters: activityFilters,
  sorts: ['startAt', 'createdAt', 'updatedAt'],
  defaultSort: '-startAt',
  searchable: false,
  visibility: (actor) => attachedVisible(actor, '"activities"', false),
  writeAccess: 'sales',
  hooks: {
    afterCreate: async ({ tx, actor, input, row }) => {
      if (input.participantContactIds)
        await setParticipants(tx, actor.orgId, row.id as string, input.participantContactIds as string[]);
    },
    afterUpdate: async ({ tx, actor, input, row }) => {
      if (input.participantContactIds)
        await setParticipants(tx, actor.orgId, row.id as string, input.participantContactIds as string[]);
    },
  },
});
