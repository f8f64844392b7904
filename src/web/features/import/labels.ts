// Names of import fields, field kinds and enum values in the UI language (the API speaks in keys, known only
// at run time): the import namespace's own, else the app's (`fields.*`, `enums.*`), else the key itself.
import i18n from 'i18next';
import type { ImportEntity } from './api.ts';
import { IMPORT_NS } from './i18n.ts';

type Namespace = typeof IMPORT_NS | 'translation';

/** The translation of a key built at run time, or the fallback when there is none. */
function translated(ns: Namespace, key: string, fallback: string): string {
  // The import namespace is not among the app's typed ones (see i18n.ts).
  if (!i18n.exists(key, { ns: ns as never })) return fallback;
  const t = i18n.getFixedT(null, ns as never) as unknown as (key: string) => string;
  return t(key);
}

/** The app's name of a field, or the import's own for fields only imports have (external ID …). */
export const fieldLabel = (field: string) =>
  translated(IMPORT_NS, `fields.${field}`, translated('translation', `fields.${field}`, field));

export const kindLabel = (kind: string) => translated(IMPORT_NS, `kinds.${kind}`, kind);

export const refKindLabel = (kind: string) => translated(IMPORT_NS, `refKinds.${kind}`, kind);

/** Where the app already names an enum's values. */
function enumGroup(entity: ImportEntity, field: string): [Namespace, string] | null {
  switch (field) {
    case 'status':
      return ['translation', entity === 'activities' ? 'enums.activityStatus' : 'enums.status'];
    case 'forecastCategory':
      return ['translation', 'enums.forecast'];
    case 'role':
      return ['translation', 'enums.role'];
    case 'type':
      return ['translation', 'enums.activityType'];
    case 'tier':
      return ['translation', 'enums.tier'];
    case 'size':
      return ['translation', 'enums.size'];
    case 'locale':
      return [IMPORT_NS, 'locales'];
    default:
      return null;
  }
}

/** `won` → `Won` / `赢单`; values without a name as they are. */
export function enumLabel(entity: ImportEntity, field: string, value: string): string {
  const group = enumGroup(entity, field);
  return group ? translated(group[0], `${group[1]}.${value}`, value) : value;
}
