// Every problem the check found: spreadsheet row, field, source column, the cell and what is wrong.
import { Table, Text } from '@mantine/core';
import { useImportTranslation } from './i18n.ts';
import { fieldLabel } from './labels.ts';
import { type Problem, problemWords } from './wizard.ts';

export function ProblemList({ problems, testId }: { problems: readonly Problem[]; testId: string }) {
  const { t, i18n } = useImportTranslation();
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('row')}</Table.Th>
            <Table.Th>{t('field')}</Table.Th>
            <Table.Th>{t('column')}</Table.Th>
            <Table.Th>{t('value')}</Table.Th>
            <Table.Th>{t('problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a row may have several problems on one field
            <Table.Tr key={i} data-row={p.row}>
              <Table.Td>{p.row}</Table.Td>
              <Table.Td>{p.field ? fieldLabel(p.field) : '—'}</Table.Td>
              <Table.Td>{p.column ?? '—'}</Table.Td>
              <Table.Td className="wp-clamp-1" maw={220}>
                {p.value || '—'}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{problemWords(p, i18n.language)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
