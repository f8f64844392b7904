import { defineResource, type Resource } from '../../crud/resource.ts';
import { products } from '../../db/schema/index.ts';
import { currencyField, externalIdField, moneyField, nameField, shortText } from '../fields.ts';

/** Products are reference data: everyone in the organization reads them, admins change them. */
export const productsResource: Resource = defineResource({
  name: 'products',
  label: 'Product',
  table: products,
  writable: ['name', 'family', 'listPrice', 'currency', 'active', 'externalId'],
  fieldSchemas: {
    name: nameField,
    family: shortText,
    listPrice: moneyField,
    currency: currencyField,
    externalId: externalIdField,
  },
  filters: { family: 'text', active: 'boolean', listPrice: 'number' },
  sorts: ['name', 'listPrice', 'createdAt'],
  defaultSort: 'name',
  searchable: true,
  visibility: () => undefined,
  writeAccess: 'admin',
});
