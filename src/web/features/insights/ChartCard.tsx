// A dashboard card: title and help, the chart or — for keyboards, screen readers and exact numbers — the
// same figures as a table (each number that stands for deals links to them). Loading, errors and "no data"
// are said in words.
import { Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { errorMessage } from '../../lib/errors.ts';

type Props<T> = {
  title: string;
  help?: string;
  query: UseQueryResult<T>;
  /** Whether the answer has anything to show. */
  hasData: (data: T) => boolean;
  chart?: (data: T) => ReactNode;
  table: (data: T) => ReactNode;
  /** Above the chart/table: key figures. */
  summary?: (data: T) => ReactNode;
  actions?: ReactNode;
  testId?: string;
  /** What "nothing to show" means here, when not "no deals match". */
  empty?: { title: string; text: string };
};

export function ChartCard<T>(props: Props<T>) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const headingId = useId();
  const { query } = props;
  let body: ReactNode;
  if (query.isPending)
    body = (
      <Group justify="center" py="xl">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Group>
    );
  else if (query.isError) body = <Text c="red">{errorMessage(query.error, t)}</Text>;
  else if (!props.hasData(query.data))
    body = (
      <EmptyState
        compact
        title={props.empty?.title ?? t('insights.noDataTitle')}
        text={props.empty?.text ?? t('insights.noDataText')}
      />
    );
  else
    body = (
      <Stack gap="sm">
        {props.summary?.(query.data)}
        {view === 'chart' && props.chart ? props.chart(query.data) : props.table(query.data)}
      </Stack>
    );
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid={props.testId}
      aria-labelledby={headingId}
      component="section"
    >
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Title order={2} size="h5" id={headingId}>
            {props.title}
          </Title>
          {props.help && (
            <Text size="xs" c="dimmed">
              {props.help}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {props.actions}
          {props.chart && (
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              data={[
                { value: 'chart', label: t('insights.viewChart') },
                { value: 'table', label: t('insights.viewTable') },
              ]}
              aria-label={t('insights.viewAs', { title: props.title })}
            />
          )}
        </Group>
      </Group>
      {body}
    </Paper>
  );
}

/** A key figure: label over value; the value may be a link to the deals behind it. */
export function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <Stack gap={0} miw={110}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
