// How dates and amounts are written in the file, whether unknown references are created, and whether
// possible duplicates (accounts and deals without an external id) are imported anyway.
import { Checkbox, Select, SimpleGrid, Stack } from '@mantine/core';
import type { Formats, ImportEntity, ImportMapping } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { setDuplicates, setFormat } from './wizard.ts';

/** The entities whose rows without an external id are checked for possible duplicates (see the server). */
const DUPLICATE_CHECKED: readonly ImportEntity[] = ['accounts', 'opportunities'];

export function FormatOptions(props: {
  entity: ImportEntity;
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
      {DUPLICATE_CHECKED.includes(props.entity) && (
        <Checkbox
          label={t('createDuplicates')}
          description={t('createDuplicatesHelp')}
          checked={props.mapping.duplicates === 'create'}
          onChange={(e) => props.onMapping(setDuplicates(props.mapping, e.currentTarget.checked))}
          data-testid="create-duplicates"
        />
      )}
    </Stack>
  );
}
