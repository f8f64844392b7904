import { z } from 'zod';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { contactVisible } from '../../crud/visibility.ts';
import { contacts } from '../../db/schema/index.ts';
import { emailField, externalIdField, nameField, shortText } from '../fields.ts';
import { notesResource } from '../notes/notes.resource.ts';

export const contactsResource: Resource = defineResource({
  name: 'contacts',
  label: 'Contact',
  table: contacts,
  writable: ['name', 'title', 'department', 'email', 'phone', 'accountId', 'ownerId', 'externalId'],
  fieldSchemas: {
    name: nameField,
    title: shortText,
    department: shortText,
    email: emailField.nullable(),
    phone: z.string().trim().max(50).nullable(),
    externalId: externalIdField,
  },
  filters: { id: 'uuid', accountId: 'uuid', ownerId: 'uuid', createdAt: 'timestamp' },
  sorts: ['name', 'createdAt', 'updatedAt'],
  defaultSort: 'name',
  searchable: true,
  visibility: (actor) => contactVisible(actor, '"contacts"'),
  writeAccess: 'sales',
  cascade: [{ resource: () => notesResource, column: 'contact_id' }],
});
