// One row per field of the entity: its name (required ones marked), its kind, the file's column it is read
// from (prefilled from the suggestion or a saved mapping), an example cell and a default for empty cells.
import { Badge, Group, Select, Table, Text, TextInput, Tooltip } from '@mantine/core';
import type { ImportEntity, ImportField, ImportFileView, ImportMapping } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { enumLabel, fieldLabel, kindLabel } from './labels.ts';
import { exampleCell, setColumn, setDefault } from './wizard.ts';

type Shape = NonNullable<ImportFileView['shape']>;

export function ColumnTable(props: {
  entity: ImportEntity;
  fields: ImportField[];
  shape: Shape;
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
  showMissing: boolean;
}) {
  const { t } = useImportTranslation();
  const usedBy = new Map(Object.entries(props.mapping.columns).map(([f, h]) => [h, f]));
  const options = props.shape.headers.filter((h, i) => h !== '' && props.shape.headers.indexOf(h) === i);
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={6} data-testid="column-map">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">{t('field')}</Table.Th>
            <Table.Th w="28%">{t('sourceColumn')}</Table.Th>
            <Table.Th>{t('example')}</Table.Th>
            <Table.Th w="20%">
              <Tooltip label={t('defaultHint')} multiline maw={280}>
                <Text span size="sm" fw={600}>
                  {t('defaultValue')}
                </Text>
              </Tooltip>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.fields.map((f) => {
            const header = props.mapping.columns[f.key] ?? null;
            const label = fieldLabel(f.key);
            const example = header ? exampleCell(props.shape.headers, props.shape.sample, header) : null;
            const missing = props.showMissing && f.required && !header;
            return (
              <Table.Tr key={f.key} data-field={f.key}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={f.required ? 600 : 400}>
                      {label}
                      {f.required && (
                        <Text span c="red" aria-hidden>
                          {' *'}
                        </Text>
                      )}
                    </Text>
                    <Tooltip label={f.kind === 'ref' ? t('refHint') : kindLabel(f.kind)}>
                      <Badge size="xs" variant="light" color={f.kind === 'ref' ? 'grape' : 'gray'}>
                        {kindLabel(f.kind)}
                      </Badge>
                    </Tooltip>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('columnFor', { field: label })}
                    placeholder={t('notImported')}
                    data={options}
                    renderOption={({ option }) => {
                      const other = usedBy.get(option.value);
                      return (
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm">{option.label}</Text>
                          {other && other !== f.key && (
                            <Text size="xs" c="dimmed">
                              {t('usedBy', { field: fieldLabel(other) })}
                            </Text>
                          )}
                        </Group>
                      );
                    }}
                    value={header}
                    onChange={(h) => props.onMapping(setColumn(props.mapping, f.key, h))}
                    clearable
                    searchable
                    size="xs"
                    error={missing ? t('requiredField') : undefined}
                    required={f.required}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" className="wp-clamp-1" maw={260}>
                    {example ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <DefaultInput
                    entity={props.entity}
                    field={f}
                    label={t('defaultFor', { field: label })}
                    mapping={props.mapping}
                    onMapping={props.onMapping}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A default for the field's empty cells: one of its values for a choice, free text otherwise. */
function DefaultInput(props: {
  entity: ImportEntity;
  field: ImportField;
  label: string;
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
}) {
  const { t } = useImportTranslation();
  const { field, mapping } = props;
  const value = mapping.defaults?.[field.key] ?? '';
  const set = (v: string | null) => props.onMapping(setDefault(mapping, field.key, v ?? ''));
  return field.values ? (
    <Select
      aria-label={props.label}
      placeholder={t('noDefault')}
      data={field.values.map((v) => ({ value: v, label: enumLabel(props.entity, field.key, v) }))}
      value={value || null}
      onChange={set}
      clearable
      size="xs"
    />
  ) : (
    <TextInput
      aria-label={props.label}
      placeholder={t('noDefault')}
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      size="xs"
    />
  );
}
