// Step 3: a dry run of the mapping over the first rows (written and rolled back): what the import will
// do, the first rows as they will be imported, the references nothing matches and every problem.
import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { formatNumber } from '../../lib/format.ts';
import { type ImportField, type RunBody, usePreview } from './api.ts';
import { ImportCounts } from './ImportCounts.tsx';
import { useImportTranslation } from './i18n.ts';
import { PreviewSample } from './PreviewSample.tsx';
import { ProblemList } from './ProblemList.tsx';
import { UnmatchedList } from './UnmatchedList.tsx';
import { problemsByRow } from './wizard.ts';

export function PreviewStep(props: {
  body: RunBody;
  fields: ImportField[];
  onBack: () => void;
  onStart: () => void;
  starting: boolean;
}) {
  const { t, i18n } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const preview = usePreview(props.body);
  const p = preview.data;
  return (
    <Stack>
      {preview.isFetching && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text c="dimmed">{t('previewing')}</Text>
        </Group>
      )}
      {preview.isError && (
        <Alert color="red" title={t('previewFailed')}>
          {errorMessage(preview.error, tApp)}
        </Alert>
      )}
      {p && (
        <>
          <Group justify="space-between" align="flex-end">
            <Text size="sm" data-testid="preview-summary">
              {p.complete
                ? t('checkedAll', { count: p.rows, rows: formatNumber(p.rows, i18n.language) })
                : t('checkedFirst', { count: p.rows, rows: formatNumber(p.rows, i18n.language) })}
            </Text>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconRefresh size={14} />}
              onClick={() => void preview.refetch()}
            >
              {t('checkAgain')}
            </Button>
          </Group>
          <ImportCounts counts={p.counts} testId="preview-counts" />
          {p.unmatched.length > 0 && (
            <Card withBorder padding="sm">
              <UnmatchedList unmatched={p.unmatched} />
            </Card>
          )}
          <Card withBorder padding="sm">
            <Title order={2} size="h5" mb="xs">
              {t('sampleTitle')}
            </Title>
            <PreviewSample
              entity={props.body.entity}
              fields={props.fields}
              sample={p.sample}
              problems={problemsByRow(p.errors)}
            />
          </Card>
          <Card withBorder padding="sm">
            <Title order={2} size="h5" mb="xs">
              {t('problemsTitle')}
            </Title>
            {p.errors.length ? (
              <>
                <ProblemList problems={p.errors} testId="preview-problems" />
                {p.errors.length >= 100 && (
                  <Text size="xs" c="dimmed" mt={4}>
                    {t('moreProblems', { count: p.errors.length })}
                  </Text>
                )}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {t('noProblems')}
              </Text>
            )}
          </Card>
        </>
      )}
      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={props.onBack}>
          {t('back')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={props.onStart}
          loading={props.starting}
          disabled={!p}
          data-testid="start-import"
        >
          {t('start')}
        </Button>
      </Group>
    </Stack>
  );
}
