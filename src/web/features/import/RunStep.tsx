// Step 4: the import runs in the background; a progress bar follows it (polled), then what it did, the
// error report of the refused rows and the way to the recent imports.
import { Alert, Anchor, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconDownload, IconList, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { errorReportUrl, useImportJob } from './api.ts';
import { ImportCounts } from './ImportCounts.tsx';
import { useImportTranslation } from './i18n.ts';
import { ProblemList } from './ProblemList.tsx';

export function RunStep(props: {
  jobId: string;
  /** The same file and mapping were imported before (the job is that import): nothing was done again. */
  alreadyImported?: boolean;
  onResume: () => void;
  onAnother: () => void;
  /** Once it has ended (stable callback): whether it completed. */
  onFinished: (completed: boolean) => void;
}) {
  const { t, i18n } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const job = useImportJob(props.jobId);
  const j = job.data;
  const finished = !!j && j.state !== 'running';
  // Once it has run, lists and dashboards show what came in.
  const completed = j?.state === 'completed';
  const { onFinished } = props;
  useEffect(() => {
    if (finished) onFinished(completed);
  }, [finished, completed, onFinished]);
  if (job.isError) return <Alert color="red">{errorMessage(job.error, tApp)}</Alert>;
  if (!j) return <Text c="dimmed">{t('loading')}</Text>;
  const n = (x: number) => formatNumber(x, i18n.language);
  const running = j.state === 'running';
  const percent = Math.round(j.progress * 100);
  return (
    <Stack data-testid="import-run" data-state={j.state}>
      <Group justify="space-between">
        <Text fw={600}>{j.fileName}</Text>
        <Text size="sm" c="dimmed" data-testid="import-rows">
          {j.rowsTotal !== null
            ? t('rowsOfTotal', { done: n(j.rowsDone), total: n(j.rowsTotal) })
            : t('rowsSoFar', { done: n(j.rowsDone) })}
        </Text>
      </Group>
      <Progress
        value={percent}
        size="xl"
        striped={running}
        animated={running}
        color={j.state === 'failed' ? 'red' : j.state === 'interrupted' ? 'yellow' : 'blue'}
        aria-label={t('progress', { percent })}
        data-testid="import-progress"
      />
      {running && <Text c="dimmed">{t('running')}</Text>}
      {j.state === 'completed' && props.alreadyImported && (
        <Alert color="blue" title={t('alreadyImported')} data-testid="import-already">
          {t('alreadyImportedText', { date: formatDateTime(j.finishedAt, i18n.language) })}
        </Alert>
      )}
      {j.state === 'completed' && !props.alreadyImported && (
        <Alert color={j.counts.failed ? 'yellow' : 'teal'} title={t('completed')}>
          {j.counts.failed ? t('completedWithErrors', { count: j.counts.failed }) : t('completedAll')}
        </Alert>
      )}
      {j.state === 'failed' && (
        <Alert color="red" title={t('failed')}>
          {j.error}
        </Alert>
      )}
      {j.state === 'interrupted' && (
        <Alert color="yellow" title={t('interrupted')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('interruptedHelp')}</Text>
            <Button size="xs" leftSection={<IconPlayerPlay size={14} />} onClick={props.onResume}>
              {t('resume')}
            </Button>
          </Stack>
        </Alert>
      )}
      <ImportCounts counts={j.counts} testId="job-counts" />
      {j.counts.failed > 0 && !running && (
        <Stack gap="xs">
          <Group gap="sm">
            <Button
              component="a"
              href={errorReportUrl(j.id, i18n.language)}
              download
              variant="light"
              color="red"
              leftSection={<IconDownload size={16} />}
              data-testid="error-report"
            >
              {t('downloadReport')}
            </Button>
            <Text size="sm" c="dimmed" maw={560}>
              {t('reportHelp')}
            </Text>
          </Group>
          {j.errors.length > 0 && <ProblemList problems={j.errors} testId="job-problems" />}
        </Stack>
      )}
      <Group>
        <Anchor component={Link} to="/admin/import/jobs" data-testid="recent-imports-link">
          <Group gap={4}>
            <IconList size={16} />
            {t('recent')}
          </Group>
        </Anchor>
        {!running && (
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={props.onAnother}>
            {t('another')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
