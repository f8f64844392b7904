// Names of the kinds in the recycle bin, from the words the rest of the app already uses for them.
import type { TFunction } from 'i18next';
import type { BinKind } from './bin.ts';

/** One record's type: “Account” / “客户”. */
export function kindLabel(kind: BinKind, t: TFunction): string {
  switch (kind) {
    case 'accounts':
      return t('fields.account');
    case 'contacts':
      return t('stakeholders.contact');
    case 'opportunities':
      return t('fields.opportunity');
    case 'activities':
      return t('process.kind.activity');
    case 'notes':
      return t('process.note');
    case 'products':
      return t('fields.product');
    case 'pipelines':
      return t('designer.model');
  }
}

/** The type as a filter choice: “Accounts” / “客户”. */
export function kindsLabel(kind: BinKind, t: TFunction): string {
  return kind === 'notes' ? t('detail.notes') : t(`nav.${kind}`);
}
