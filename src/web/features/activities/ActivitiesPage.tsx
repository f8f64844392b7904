// My activities: upcoming (planned), to debrief (planned, overdue by the shared rule: no outcome yet) and done.
import { Button, Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { enumOptions, ownerOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, localIsoDate } from '../../lib/format.ts';
import { qk, useNames, useUsers } from '../../lib/queries.ts';
import { viewerTimeZone } from '../../lib/time-zone.ts';
import { ACTIVITY_TYPES, type Activity, type ListPage } from '../../lib/types.ts';
import { ActivityItem } from './ActivityItem.tsx';
import { PlanActivityModal } from './PlanActivityModal.tsx';
import { RecordOutcomeModal } from './RecordOutcomeModal.tsx';

type Tab = 'upcoming' | 'overdue' | 'done';

export default function ActivitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { users } = useUsers();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'upcoming';
  const owner = params.get('owner') ?? 'me';
  const type = params.get('type');
  const [planning, setPlanning] = useState(false);
  const [debriefing, setDebriefing] = useState<Activity | null>(null);
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  // Fixed for the page's life so the query key is stable.
  const [now] = useState(() => new Date().toISOString());

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const query: Record<string, string> = {
    ...(owner !== 'all' ? { ownerId: owner === 'me' ? me.user.id : owner } : {}),
    ...(type ? { type } : {}),
    // "To debrief" is the overdue rule (core/activity-overdue.ts) applied by the server for this viewer's
    // day, "Upcoming" its complement: a task due later today or a meeting under way is upcoming, not overdue.
    ...(tab === 'upcoming'
      ? { status: 'planned', upcomingAt: `${now}[${viewerTimeZone()}]`, sort: 'startAt' }
      : tab === 'overdue'
        ? { status: 'planned', toDebriefAt: `${now}[${viewerTimeZone()}]`, sort: '-startAt' }
        : { status: 'done', sort: '-startAt' }),
  };
  const list = useInfiniteQuery({
    queryKey: qk.list('activities', query),
    queryFn: ({ pageParam, signal }) =>
      api.get<ListPage<Activity>>('/activities', { ...query, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const accounts = useNames(
    'accounts',
    items.map((a) => a.accountId),
  );
  const deals = useNames(
    'opportunities',
    items.map((a) => a.opportunityId),
  );

  // Group by local day for a calendar-like reading.
  const groups = useMemo(() => {
    const out: { day: string; items: Activity[] }[] = [];
    for (const a of items) {
      const day = a.startAt ? localIsoDate(new Date(a.startAt)) : '';
      const last = out[out.length - 1];
      if (last && last.day === day) last.items.push(a);
      else out.push({ day, items: [a] });
    }
    return out;
  }, [items]);
  const today = localIsoDate();

  return (
    <>
      <PageHeader
        title={t('activities.title')}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setPlanning(true)}>
              {t('activities.planActivity')}
            </Button>
          )
        }
      />
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <SegmentedControl
            value={tab}
            onChange={(v) => set('tab', v === 'upcoming' ? null : v)}
            data={[
              { value: 'upcoming', label: t('activities.upcoming') },
              { value: 'overdue', label: t('activities.overdueTab') },
              { value: 'done', label: t('activities.done') },
            ]}
            aria-label={t('activities.title')}
          />
          <Select
            aria-label={t('fields.owner')}
            data={[{ value: 'all', label: t('common.everyone') }, ...ownerOptions(users, t)]}
            value={owner}
            onChange={(v) => set('owner', v === 'me' ? null : v)}
            allowDeselect={false}
            searchable
            w={180}
            size="sm"
          />
          <Select
            aria-label={t('fields.type')}
            placeholder={t('fields.type')}
            data={enumOptions(ACTIVITY_TYPES, 'activityType', t)}
            value={type}
            onChange={(v) => set('type', v)}
            clearable
            w={150}
            size="sm"
          />
          <ExportButton resource="activities" query={query} />
        </Group>
        {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {list.isError && <Text c="red">{errorMessage(list.error, t)}</Text>}
        {list.isSuccess && !items.length && (
          <EmptyState
            title={t(`activities.empty.${tab}.title`)}
            text={t(`activities.empty.${tab}.text`)}
            action={
              canWrite && tab !== 'done' ? (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setPlanning(true)}>
                  {t('activities.planActivity')}
                </Button>
              ) : undefined
            }
          />
        )}
        {groups.map((g) => (
          <Paper key={g.day} withBorder p="sm">
            <Text size="sm" fw={600} c={g.day === today ? 'blue' : undefined}>
              {g.day === today
                ? t('activities.today')
                : g.day
                  ? formatDate(g.day, i18n.language)
                  : t('activities.noDate')}
            </Text>
            {g.items.map((a) => (
              <ActivityItem
                key={a.id}
                activity={a}
                showDay={false}
                accountName={a.accountId ? accounts.get(a.accountId) : undefined}
                dealName={a.opportunityId ? deals.get(a.opportunityId) : undefined}
                onRecordOutcome={canWrite ? setDebriefing : undefined}
              />
            ))}
          </Paper>
        ))}
        {list.hasNextPage && (
          <Button
            variant="default"
            size="xs"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('list.loadMore')}
          </Button>
        )}
      </Stack>
      <PlanActivityModal opened={planning} onClose={() => setPlanning(false)} />
      <RecordOutcomeModal activity={debriefing} onClose={() => setDebriefing(null)} />
    </>
  );
}
