// How dates and amounts are written in the file, and whether unknown references are created.
import { Checkbox, Select, SimpleGrid, Stack } from '@mantine/core';
import type { Formats, ImportMapping } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { setFormat } from './wizard.ts';

export function FormatOptions(props: {
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
  dateFormats: string[];
  decimalMarks: string[];
  createMissing: boolean;
  onCreateMissing: (v: boolean) => void;
}) {
  const { t } = useImportTranslation();
  const decimalLabel = (d: string) =>
    d === '.' ? t('decimalDot') : d === ',' ? t('decimalComma') : t('auto');
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('dateFormat')}
          description={t('dateFormatHelp')}
          data={props.dateFormats.map((f) => ({
            value: f,
            label: f === 'auto' ? t('auto') : f === 'excel' ? t('excelDate') : f,
          }))}
          value={props.mapping.formats?.date ?? 'auto'}
          onChange={(v) => props.onMapping(setFormat(props.mapping, 'date', v as Formats['date'] | null))}
          allowDeselect={false}
          data-testid="date-format"
        />
        <Select
          label={t('decimalMark')}
          description={t('decimalMarkHelp')}
          data={props.decimalMarks.map((d) => ({ value: d, label: decimalLabel(d) }))}
          value={props.mapping.formats?.decimal ?? 'auto'}
          onChange={(v) =>
            props.onMapping(setFormat(props.mapping, 'decimal', v as Formats['decimal'] | null))
          }
          allowDeselect={false}
          data-testid="decimal-mark"
        />
      </SimpleGrid>
      <Checkbox
        label={t('createMissing')}
        description={t('createMissingHelp')}
        checked={props.createMissing}
        onChange={(e) => props.onCreateMissing(e.currentTarget.checked)}
      />
    </Stack>
  );
}
