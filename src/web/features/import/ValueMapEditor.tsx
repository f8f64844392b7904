// The value map of one enum field: each different value of its column in the file, how many rows have it,
// and what it becomes (recognised built-in words are automatic; the rest need a choice).
import { Badge, Group, Select, Table, Text } from '@mantine/core';
import { formatNumber } from '../../lib/format.ts';
import type { ImportColumnValues, ImportEntity, ImportField, ImportMapping } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { enumLabel, fieldLabel } from './labels.ts';
import { mappedValue, setValue } from './wizard.ts';

type Column = ImportColumnValues['fields'][number];

export function ValueMapEditor(props: {
  entity: ImportEntity;
  field: ImportField;
  column: Column;
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
}) {
  const { t, i18n } = useImportTranslation();
  const { field, column } = props;
  const label = fieldLabel(field.key);
  const options = (field.values ?? []).map((v) => ({
    value: v,
    label: enumLabel(props.entity, field.key, v),
  }));
  const open = column.values.filter((v) => mappedValue(props.mapping, field.key, v).value === null).length;
  return (
    <div data-testid={`value-map-${field.key}`}>
      <Group gap="xs" mb={4}>
        <Text fw={600} size="sm">
          {t('valueMapTitle', { field: label, column: column.column })}
        </Text>
        {open > 0 ? (
          <Badge color="orange" variant="light" size="sm">
            {t('unmappedValues', { count: open })}
          </Badge>
        ) : (
          <Badge color="teal" variant="light" size="sm">
            {t('allValuesMapped')}
          </Badge>
        )}
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing={4} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('valueInFile')}</Table.Th>
              <Table.Th ta="right">{t('rows')}</Table.Th>
              <Table.Th w="45%">{t('becomes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {column.values.map((v) => {
              const m = mappedValue(props.mapping, field.key, v);
              return (
                <Table.Tr key={v.value}>
                  <Table.Td>
                    <Text size="sm">{v.value}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(v.rows, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('valueFor', { field: label, value: v.value })}
                      data={options}
                      value={m.how === 'map' ? m.value : null}
                      placeholder={
                        v.builtin
                          ? t('automatic', {
                              value: enumLabel(props.entity, field.key, v.builtin),
                            })
                          : t('chooseValue')
                      }
                      onChange={(to) => props.onMapping(setValue(props.mapping, field.key, v.value, to))}
                      clearable
                      size="xs"
                      error={m.value === null ? true : undefined}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {column.truncated && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('moreValues', { count: column.values.length, distinct: column.distinct })}
        </Text>
      )}
    </div>
  );
}
