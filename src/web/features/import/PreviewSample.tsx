// The first rows as they will be imported: each field's value after the mapping and formats, the rows
// with problems marked, the cells with problems in red.
import { Badge, Table, Text, Tooltip } from '@mantine/core';
import { formatNumber } from '../../lib/format.ts';
import type { ImportEntity, ImportField, ImportPreview } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { enumLabel, fieldLabel } from './labels.ts';
import { type Problem, problemWords, sampleFields } from './wizard.ts';

type Value = ImportPreview['sample'][number]['values'][string];

function show(
  yesNo: (v: boolean) => string,
  lang: string,
  entity: ImportEntity,
  f: ImportField | undefined,
  v: Value | undefined,
): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return yesNo(v);
  if (typeof v === 'number') return formatNumber(v, lang);
  if (f?.kind === 'enum') return enumLabel(entity, f.key, v);
  if (f?.kind === 'timestamp') {
    // An instant at midnight UTC is a date without a time of day in the file.
    const [day, time = ''] = v.split('T');
    return time.startsWith('00:00:00') ? (day ?? v) : `${day} ${time.slice(0, 5)} UTC`;
  }
  return v;
}

/**
 * Header cells on one line and at least as wide as a short label: on a phone the table scrolls sideways
 * instead of wrapping "行号" or "商机名称" one character per line.
 */
const HEAD = { whiteSpace: 'nowrap', minWidth: '3em' } as const;

export function PreviewSample(props: {
  entity: ImportEntity;
  fields: ImportField[];
  sample: ImportPreview['sample'];
  problems: Map<number, Problem[]>;
}) {
  const { t, i18n } = useImportTranslation();
  const keys = sampleFields(props.fields, props.sample);
  const byKey = new Map(props.fields.map((f) => [f.key, f]));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="preview-sample">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={HEAD}>{t('row')}</Table.Th>
            <Table.Th style={HEAD}>{t('rowStatus')}</Table.Th>
            {keys.map((k) => (
              <Table.Th key={k} style={HEAD}>
                {fieldLabel(k)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.sample.map((r) => {
            const problems = props.problems.get(r.row) ?? [];
            // A refused cell shows what the file holds, not the value the row would have had without it.
            const bad = new Map(problems.map((p) => [p.field, p.value]));
            return (
              <Table.Tr
                key={r.row}
                data-row={r.row}
                data-status={problems.length ? 'error' : 'ok'}
                bg={problems.length ? 'var(--mantine-color-red-light)' : undefined}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.row}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {problems.length ? (
                    <Tooltip
                      label={problems.map((p) => problemWords(p, i18n.language)).join('; ')}
                      multiline
                      maw={360}
                    >
                      <Badge
                        color="red"
                        variant="light"
                        size="sm"
                        styles={{ label: { overflow: 'visible' } }}
                      >
                        {t('rowProblems', { count: problems.length })}
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Badge color="teal" variant="light" size="sm">
                      {t('rowOk')}
                    </Badge>
                  )}
                </Table.Td>
                {keys.map((k) => (
                  <Table.Td key={k} className="wp-clamp-1" maw={220}>
                    <Text span size="sm" c={bad.has(k) ? 'red' : undefined} fw={bad.has(k) ? 600 : undefined}>
                      {bad.has(k)
                        ? bad.get(k) || '—'
                        : show(
                            (b) => (b ? t('yes') : t('no')),
                            i18n.language,
                            props.entity,
                            byKey.get(k),
                            r.values[k],
                          )}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
