// The funnel model's names in the designer: the name every reader sees, and an optional Chinese one that
// zh-CN readers see instead (as a stage has a name per language).
import { Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NamesDraft } from './pipeline-draft.ts';

export function ModelNames({
  value,
  onChange,
  errorAt,
}: {
  value: NamesDraft;
  onChange: (next: NamesDraft) => void;
  errorAt: (field: keyof NamesDraft) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Group align="flex-start" wrap="wrap" grow maw={660}>
      <TextInput
        label={t('designer.name')}
        required
        value={value.name}
        onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
        error={errorAt('name')}
        maxLength={200}
        data-testid="designer-name"
      />
      <TextInput
        label={t('designer.nameZh')}
        description={t('designer.modelNameZhHint')}
        value={value.nameZh}
        onChange={(e) => onChange({ ...value, nameZh: e.currentTarget.value })}
        error={errorAt('nameZh')}
        maxLength={200}
        data-testid="designer-name-zh"
      />
    </Group>
  );
}
