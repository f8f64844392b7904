import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource, type Row } from '../../crud/resource.ts';
import { accountVisible } from '../../crud/visibility.ts';
import type { DbOrTx } from '../../db/client.ts';
import { accounts } from '../../db/schema/index.ts';
import { invalid } from '../../http/errors.ts';
import { activitiesResource } from '../activities/activities.resource.ts';
import { contactsResource } from '../contacts/contacts.resource.ts';
import { externalIdField, nameField, shortText } from '../fields.ts';
import { notesResource } from '../notes/notes.resource.ts';
import { opportunitiesResource } from '../opportunities/opportunities.resource.ts';
import {
  accountRestoreSchema,
  allowDuplicateField,
  checkDuplicateName,
  duplicateAccountProblem,
  fillMissingKeys,
} from './account-duplicates.ts';

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
  internalFields: ['nameKey'],
  extraInput: { allowDuplicate: allowDuplicateField },
  writeConflict: duplicateAccountProblem,
  restore: { body: accountRestoreSchema, conflict: duplicateAccountProblem },
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
    beforeTransaction: async ({ db, actor, input, op }) => {
      // A restore brings back the name the account had: checked like a new one.
      const named = op === 'restore' || input.name !== undefined;
      if (named && input.allowDuplicate !== true) await fillMissingKeys(db, actor.orgId);
    },
    // Deleted accounts do not count as duplicates, so the name may have been taken while this one was in the
    // recycle bin: restoring it would then make two live accounts of one name without a word.
    beforeRestore: async ({ tx, actor, input, row }) => {
      await checkDuplicateName({
        tx,
        actor,
        name: row.name as string,
        self: row.id as string,
        allow: input.allowDuplicate === true,
      });
    },
    beforeWrite: async ({ tx, actor, input, before }) => {
      await assertNoParentLoop(tx, actor, input, before);
      const name = input.name as string | undefined;
      // A change that keeps the name's key (or leaves the name alone) makes no new duplicate: an account
      // created anyway, or imported, can still be edited without the alert.
      if (name === undefined) return undefined;
      if (before && referenceKey(name) === referenceKey(before.name as string)) return undefined;
      const nameKey = await checkDuplicateName({
        tx,
        actor,
        name,
        self: before?.id as string | undefined,
        allow: input.allowDuplicate === true,
      });
      return { ...input, nameKey };
    },
  },
});

/** A parent chain must not loop back to the account itself. */
async function assertNoParentLoop(tx: DbOrTx, actor: Actor, input: Row, before: Row | undefined) {
  const parentId = input.parentId as string | null | undefined;
  if (!parentId || !before) return;
  const res = await tx.execute<{ loops: boolean }>(sql`
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM accounts WHERE org_id = ${actor.orgId} AND id = ${parentId}
      UNION SELECT a.id, a.parent_id FROM accounts a JOIN up ON a.id = up.parent_id WHERE a.org_id = ${actor.orgId}
    ) SELECT EXISTS (SELECT 1 FROM up WHERE id = ${before.id as string}) AS loops`);
  if (res.rows[0]?.loops) throw invalid([fieldError('parentId', 'own_ancestor', { kind: 'account' })]);
}
