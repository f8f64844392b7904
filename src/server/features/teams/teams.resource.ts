import { sql } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { teams } from '../../db/schema/index.ts';
import { invalid } from '../../http/errors.ts';
import { externalIdField, nameField } from '../fields.ts';

/** Teams form the manager hierarchy: a manager sees the records of everyone in the subtree they manage. */
export const teamsResource: Resource = defineResource({
  name: 'teams',
  label: 'Team',
  table: teams,
  writable: ['name', 'managerId', 'parentId', 'externalId'],
  fieldSchemas: { name: nameField, externalId: externalIdField },
  filters: { managerId: 'uuid', parentId: 'uuid' },
  sorts: ['name', 'createdAt'],
  defaultSort: 'name',
  searchable: false,
  visibility: () => undefined,
  writeAccess: 'admin',
  hooks: {
    beforeWrite: async ({ tx, actor, input, before }) => {
      const parentId = input.parentId as string | null | undefined;
      if (!parentId || !before) return undefined;
      const res = await tx.execute<{ loops: boolean }>(sql`
        WITH RECURSIVE up AS (
          SELECT id, parent_id FROM teams WHERE org_id = ${actor.orgId} AND id = ${parentId}
          UNION SELECT t.id, t.parent_id FROM teams t JOIN up ON t.id = up.parent_id WHERE t.org_id = ${actor.orgId}
        ) SELECT EXISTS (SELECT 1 FROM up WHERE id = ${before.id as string}) AS loops`);
      if (res.rows[0]?.loops) throw invalid([fieldError('parentId', 'own_ancestor', { kind: 'team' })]);
      return undefined;
    },
  },
});
