import { useTranslation } from 'react-i18next';
import { useUsers } from '../lib/queries.ts';
import { InlineField } from './InlineField.tsx';
import { UserSelect } from './pickers.tsx';

/** The owner of a record, editable in place with the user directory (one definition for every detail page). */
export function OwnerField(props: {
  ownerId: string;
  readOnly: boolean;
  onSave: (ownerId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { byId } = useUsers();
  return (
    <InlineField
      label={t('fields.owner')}
      field="ownerId"
      value={props.ownerId}
      display={byId.get(props.ownerId)?.name}
      editor={{
        kind: 'custom',
        render: (p) => (
          <UserSelect
            label={p.label}
            value={p.value || null}
            onChange={(x) => x && p.onChange(x)}
            error={p.error}
            autoFocus
          />
        ),
      }}
      readOnly={props.readOnly}
      onSave={props.onSave}
    />
  );
}
