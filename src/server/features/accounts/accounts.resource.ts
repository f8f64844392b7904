import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { accountVisible } from '../../crud/visibility.ts';
import { accounts } from '../../db/schema/index.ts';
import { invalid } from '../../http/errors.ts';
import { activitiesResource } from '../activities/activities.resource.ts';
import { contactsResource } from '../contacts/contacts.resource.ts';
import { externalIdField, nameField, shortText } from '../fields.ts';
import { notesResource } from '../notes/notes.resource.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';

export const accountsResource: Resource = defineResource({
  name: 'accounts',
  label: 'Account',
  table: accounts,
  writable: ['name', 'industry', 'size', 'website', 'parentId', 'tier', 'ownerId', 'externalId'],
  fieldSchemas: {
    name: nameField,
    industry: shortText,
    website: z.string().trim().max(300).nullable(),
    externalId: externalIdField,
  },
  filters: {
    id: 'uuid',
    ownerId: 'uuid',
    tier: 'enum',
    industry: 'text',
    parentId: 'uuid',
    size: 'enum',
    createdAt: 'timestamp',
  },
  sorts: ['name', 'createdAt', 'updatedAt', 'tier'],
  defaultSort: 'name',
  searchable: true,
  visibility: (actor) => accountVisible(actor, '"accounts"'),
  writeAccess: 'sales',
  cascade: [
    { resource: () => contactsResource, column: 'account_id' },
    { resource: () => opportunitiesResource, column: 'account_id' },
    { resource: () => activitiesResource, column: 'account_id' },
    { resource: () => notesResource, column: 'account_id' },
  ],
  hooks: {
    // A parent chain must not loop back to the account itself.
    beforeWrite: async ({ tx, actor, input, before }) => {
      const parentId = input.parentId as string | null | undefined;
      if (!parentId || !before) return undefined;
      const res = await tx.execute<{ loops: boolean }>(sql`
        WITH RECURSIVE up AS (
          SELECT id, parent_id FROM accounts WHERE org_id = ${actor.orgId} AND id = ${parentId}
          UNION SELECT a.id, a.parent_id FROM accounts a JOIN up ON a.id = up.parent_id WHERE a.org_id = ${actor.orgId}
        ) SELECT EXISTS (SELECT 1 FROM up WHERE id = ${before.id as string}) AS loops`);
      if (res.rows[0]?.loops) throw invalid([fieldError('parentId', 'own_ancestor', { kind: 'account' })]);
      return undefined;
    },
  },
});
