// Every problem the check found: spreadsheet row, field, source column, the cell and what is wrong. On a
// phone each problem is a card (a five-column table there needs a sideways swipe to read the problem).
import { Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useImportTranslation } from './i18n.ts';
import { fieldLabel } from './labels.ts';
import { type Problem, problemWords } from './wizard.ts';

/** Header cells stay on one line: a narrow column must not wrap "行号" one character per line. */
const HEAD = { whiteSpace: 'nowrap' } as const;

export function ProblemList({ problems, testId }: { problems: readonly Problem[]; testId: string }) {
  const { t, i18n } = useImportTranslation();
  return (
    <>
      <Stack gap="xs" hiddenFrom="sm" data-testid={`${testId}-cards`}>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row may have several problems on one field
          <Paper key={i} withBorder p="xs" data-row={p.row}>
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={600}>
                {t('row')} {p.row}
              </Text>
              <Text size="sm" c="dimmed">
                {p.field ? fieldLabel(p.field) : '—'}
                {p.column ? ` · ${p.column}` : ''}
              </Text>
            </Group>
            {p.value && (
              <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
                {p.value}
              </Text>
            )}
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {problemWords(p, i18n.language)}
            </Text>
          </Paper>
        ))}
      </Stack>
      <Box visibleFrom="sm">
        <Table.ScrollContainer minWidth={620}>
          <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={HEAD}>{t('row')}</Table.Th>
                <Table.Th style={HEAD}>{t('field')}</Table.Th>
                <Table.Th style={HEAD}>{t('column')}</Table.Th>
                <Table.Th style={HEAD}>{t('value')}</Table.Th>
                <Table.Th style={HEAD}>{t('problem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row may have several problems on one field
                <Table.Tr key={i} data-row={p.row}>
                  <Table.Td>{p.row}</Table.Td>
                  <Table.Td style={HEAD}>{p.field ? fieldLabel(p.field) : '—'}</Table.Td>
                  <Table.Td>{p.column ?? '—'}</Table.Td>
                  <Table.Td className="wp-clamp-1" maw={220}>
                    {p.value || '—'}
                  </Table.Td>
                  <Table.Td miw={240}>
                    <Text size="sm">{problemWords(p, i18n.language)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
    </>
  );
}
