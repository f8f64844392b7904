// References in the file that match no record, or several: never dropped silently, listed with how many
// rows name them.
import { Badge, Group, Table, Text } from '@mantine/core';
import { formatNumber } from '../../lib/format.ts';
import type { ImportPreview } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { fieldLabel } from './labels.ts';
import { problemWords } from './wizard.ts';

export function UnmatchedList({ unmatched }: { unmatched: ImportPreview['unmatched'] }) {
  const { t, i18n } = useImportTranslation();
  const missing = unmatched.filter((u) => u.reason === 'missing').length;
  const ambiguous = unmatched.length - missing;
  return (
    <div data-testid="preview-unmatched">
      <Group gap="xs" mb={4}>
        <Text fw={600} size="sm">
          {t('unmatchedTitle')}
        </Text>
        <Badge color="orange" variant="light" size="sm" data-testid="unmatched-missing" data-value={missing}>
          {t('notFoundCount', { count: missing })}
        </Badge>
        <Badge
          color="grape"
          variant="light"
          size="sm"
          data-testid="unmatched-ambiguous"
          data-value={ambiguous}
        >
          {t('ambiguousCount', { count: ambiguous })}
        </Badge>
      </Group>
      <Table.ScrollContainer minWidth={520}>
        <Table withTableBorder verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('field')}</Table.Th>
              <Table.Th>{t('value')}</Table.Th>
              <Table.Th ta="right">{t('rows')}</Table.Th>
              <Table.Th>{t('reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {unmatched.map((u) => (
              <Table.Tr key={`${u.field}\u0000${u.value}`}>
                <Table.Td>{fieldLabel(u.field)}</Table.Td>
                <Table.Td>{u.value}</Table.Td>
                <Table.Td ta="right">{formatNumber(u.rows, i18n.language)}</Table.Td>
                <Table.Td>
                  <Text size="sm" title={problemWords(u, i18n.language)}>
                    {u.reason === 'ambiguous' ? t('ambiguous') : t('notFound')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
