// Step 2: which column holds each field, what the values of enum columns become, the date and number
// formats, whether to create missing references; save the mapping by name or load a saved one.
import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import {
  type ImportEntity,
  type ImportField,
  type ImportFileView,
  type ImportMapping,
  type SavedImportMapping,
  useColumnValues,
} from './api.ts';
import { ColumnTable } from './ColumnTable.tsx';
import { FormatOptions } from './FormatOptions.tsx';
import { useImportTranslation } from './i18n.ts';
import { fieldLabel } from './labels.ts';
import { SavedMappings } from './SavedMappings.tsx';
import { ValueMapEditor } from './ValueMapEditor.tsx';
import { applyMapping, missingRequired } from './wizard.ts';

type Shape = NonNullable<ImportFileView['shape']>;

export function MapStep(props: {
  entity: ImportEntity;
  fields: ImportField[];
  fileId: string;
  shape: Shape;
  mapping: ImportMapping;
  onMapping: (m: ImportMapping) => void;
  createMissing: boolean;
  onCreateMissing: (v: boolean) => void;
  dateFormats: string[];
  decimalMarks: string[];
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const [tried, setTried] = useState(false);
  const [loaded, setLoaded] = useState<{ name: string; dropped: string[] } | null>(null);
  const enumFields = props.fields.filter((f) => f.kind === 'enum');
  const values = useColumnValues(
    props.fileId,
    props.entity,
    props.mapping,
    enumFields.map((f) => f.key),
  );
  const missing = missingRequired(props.fields, props.mapping);
  const load = (m: SavedImportMapping) => {
    const { mapping, dropped } = applyMapping(m.mapping, props.shape.headers, props.mapping);
    props.onMapping(mapping);
    setLoaded({ name: m.name, dropped });
  };
  const next = () => {
    setTried(true);
    if (!missing.length) props.onNext();
  };

  return (
    <Stack>
      <SavedMappings entity={props.entity} mapping={props.mapping} onLoad={load} />
      {loaded && (
        <Alert
          color={loaded.dropped.length ? 'yellow' : 'teal'}
          withCloseButton
          onClose={() => setLoaded(null)}
        >
          {t('mappingLoaded', { name: loaded.name })}
          {loaded.dropped.length > 0 &&
            ` ${t('mappingDropped', { fields: loaded.dropped.map((f) => fieldLabel(f)).join(', ') })}`}
        </Alert>
      )}
      <Card withBorder padding="sm">
        <Title order={2} size="h5" mb="xs">
          {t('columnsTitle')}
        </Title>
        <ColumnTable
          entity={props.entity}
          fields={props.fields}
          shape={props.shape}
          mapping={props.mapping}
          onMapping={props.onMapping}
          showMissing={tried}
        />
      </Card>
      {enumFields.some((f) => props.mapping.columns[f.key] !== undefined) && (
        <Card withBorder padding="sm">
          <Title order={2} size="h5">
            {t('valuesTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('valuesHelp')}
          </Text>
          {values.isPending && <Loader size="sm" />}
          {values.isError && <Alert color="red">{errorMessage(values.error, tApp)}</Alert>}
          <Stack>
            {(values.data?.fields ?? []).map((c) => {
              const field = enumFields.find((f) => f.key === c.field);
              return field ? (
                <ValueMapEditor
                  key={c.field}
                  entity={props.entity}
                  field={field}
                  column={c}
                  mapping={props.mapping}
                  onMapping={props.onMapping}
                />
              ) : null;
            })}
          </Stack>
        </Card>
      )}
      <Card withBorder padding="sm">
        <Title order={2} size="h5" mb="xs">
          {t('formatsTitle')}
        </Title>
        <FormatOptions
          entity={props.entity}
          mapping={props.mapping}
          onMapping={props.onMapping}
          dateFormats={props.dateFormats}
          decimalMarks={props.decimalMarks}
          createMissing={props.createMissing}
          onCreateMissing={props.onCreateMissing}
        />
      </Card>
      {tried && missing.length > 0 && (
        <Alert color="red" data-testid="missing-required">
          {t('missingRequired', { fields: missing.map((f) => fieldLabel(f.key)).join(', ') })}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={props.onBack}>
          {t('back')}
        </Button>
        <Button rightSection={<IconArrowRight size={16} />} onClick={next}>
          {t('toPreview')}
        </Button>
      </Group>
    </Stack>
  );
}
