// Step 1: what to import and the file; how it reads (encoding, delimiter, headers, the first rows), with
// the encoding and delimiter open to correction.
import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconArrowRight, IconFileTypeCsv } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { formatNumber } from '../../lib/format.ts';
import type { ImportEntity, ImportFileView, ReadFormats } from './api.ts';
import { uploadImportFile } from './api.ts';
import { useImportTranslation } from './i18n.ts';

const DELIMITER_KEY: Record<string, 'comma' | 'semicolon' | 'tab' | 'pipe'> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  tab: 'tab',
  '|': 'pipe',
};
const SHOWN_ROWS = 5;

export function UploadStep(props: {
  entity: ImportEntity;
  onEntity: (e: ImportEntity) => void;
  file: ImportFileView | null;
  onFile: (f: ImportFileView) => void;
  read: ReadFormats;
  onRead: (r: ReadFormats) => void;
  /** What can be imported, in load order (from the API). */
  entities: ImportEntity[];
  encodings: string[];
  readingAgain: boolean;
  onNext: () => void;
  nextLoading: boolean;
}) {
  const { t, i18n } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const upload = useMutation({ mutationFn: uploadImportFile, onSuccess: props.onFile });
  const shape = props.file?.shape ?? null;
  const delimiterLabel = (d: string) => {
    const k = DELIMITER_KEY[d];
    return k ? t(`delimiters.${k}`) : d;
  };
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('entity')}
          data={props.entities.map((e) => ({ value: e, label: t(`entities.${e}`) }))}
          value={props.entity}
          onChange={(v) => v && props.onEntity(v as ImportEntity)}
          allowDeselect={false}
          data-testid="import-entity"
        />
        <FileInput
          label={t('file')}
          description={t('fileHelp')}
          placeholder={t('filePlaceholder')}
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          leftSection={<IconFileTypeCsv size={16} />}
          clearable={false}
          onChange={(f) => f && upload.mutate(f)}
          disabled={upload.isPending}
          data-testid="import-file"
        />
      </SimpleGrid>
      {upload.isPending && <Text c="dimmed">{t('uploading')}</Text>}
      {upload.isError && <Alert color="red">{errorMessage(upload.error, tApp)}</Alert>}
      {props.file && !shape && (
        <Alert color="red" title={t('unreadableTitle')}>
          {t('unreadable', { problem: props.file.problem ?? '' })}
        </Alert>
      )}
      {props.file && (
        <Group gap="xs" data-testid="import-file-info">
          <Text fw={600}>{props.file.name}</Text>
          <Text size="sm" c="dimmed">
            {t('fileSize', { size: formatNumber(Math.ceil(props.file.size / 1024), i18n.language) })}
          </Text>
          {shape && (
            <>
              <Badge variant="light" data-testid="detected-encoding">
                {shape.encoding}
                {shape.bom ? ` + ${t('bom')}` : ''}
              </Badge>
              <Badge variant="light" data-testid="detected-delimiter">
                {delimiterLabel(shape.delimiter)}
              </Badge>
              <Badge variant="light" color="gray">
                {t('columnsCount', { count: shape.headers.length })}
              </Badge>
            </>
          )}
        </Group>
      )}
      {props.file && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('encoding')}
            data={props.encodings.map((e) => ({ value: e, label: e === 'auto' ? t('auto') : e }))}
            value={props.read.encoding ?? 'auto'}
            onChange={(v) =>
              props.onRead({ ...props.read, encoding: (v ?? 'auto') as ReadFormats['encoding'] })
            }
            allowDeselect={false}
          />
          <Select
            label={t('delimiter')}
            data={['auto', ',', ';', 'tab', '|'].map((d) => ({
              value: d,
              label: d === 'auto' ? t('auto') : delimiterLabel(d),
            }))}
            value={props.read.delimiter === '\t' ? 'tab' : (props.read.delimiter ?? 'auto')}
            onChange={(v) =>
              props.onRead({ ...props.read, delimiter: (v ?? 'auto') as ReadFormats['delimiter'] })
            }
            allowDeselect={false}
          />
        </SimpleGrid>
      )}
      {shape && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('firstRows', { count: Math.min(SHOWN_ROWS, shape.sample.length) })}
          </Text>
          <Table.ScrollContainer minWidth={480}>
            <Table
              striped
              withTableBorder
              verticalSpacing={4}
              fz="sm"
              data-testid="import-sample"
              style={{ opacity: props.readingAgain ? 0.5 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  {shape.headers.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat; the position is the column
                    <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shape.sample.slice(0, SHOWN_ROWS).map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows as read, in file order
                  <Table.Tr key={r}>
                    {shape.headers.map((_, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the position is the column
                      <Table.Td key={c} className="wp-clamp-1" maw={240}>
                        {row[c] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
      <Group justify="flex-end">
        <Button
          rightSection={<IconArrowRight size={16} />}
          disabled={!shape}
          loading={props.nextLoading}
          onClick={props.onNext}
        >
          {t('next')}
        </Button>
      </Group>
    </Stack>
  );
}
