import { z } from 'zod';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { attachedVisible } from '../../crud/visibility.ts';
import { notes } from '../../db/schema/index.ts';

export const notesResource: Resource = defineResource({
  name: 'notes',
  label: 'Note',
  table: notes,
  writable: ['body', 'accountId', 'contactId', 'opportunityId', 'ownerId'],
  fieldSchemas: { body: z.string().trim().min(1).max(20_000) },
  filters: {
    accountId: 'uuid',
    contactId: 'uuid',
    opportunityId: 'uuid',
    ownerId: 'uuid',
    createdAt: 'timestamp',
  },
  sorts: ['createdAt', 'updatedAt'],
  defaultSort: '-createdAt',
  searchable: false,
  visibility: (actor) => attachedVisible(actor, '"notes"', true),
  writeAccess: 'sales',
});
