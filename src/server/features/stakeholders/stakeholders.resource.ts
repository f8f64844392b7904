import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { opportunityVisible } from '../../crud/visibility.ts';
import { stakeholders } from '../../db/schema/index.ts';

/**
 * The buying team of a deal (找对人): contacts with their buying role, attitude, influence and whether
 * we have met them. Visible and writable with the deal.
 */
export const stakeholdersResource: Resource = defineResource({
  name: 'stakeholders',
  label: 'Stakeholder',
  table: stakeholders,
  writable: ['opportunityId', 'contactId', 'role', 'attitude', 'influence', 'met', 'notes'],
  fieldSchemas: { influence: z.number().int().min(1).max(5), notes: z.string().max(5_000).nullable() },
  filters: { opportunityId: 'uuid', contactId: 'uuid', role: 'enum' },
  sorts: ['createdAt', 'influence'],
  defaultSort: 'createdAt',
  searchable: false,
  visibility: (actor) => {
    const vis = opportunityVisible(actor, 'so');
    return vis
      ? sql`EXISTS (SELECT 1 FROM opportunities so WHERE so.org_id = "stakeholders".org_id
          AND so.id = "stakeholders".opportunity_id AND ${vis})`
      : undefined;
  },
  writeAccess: 'sales',
  // A contact holds each role on a deal once: a second time is the contact's conflict.
  constraintFields: { stakeholders_role_key: 'contactId' },
});
