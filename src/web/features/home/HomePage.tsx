// My day: what is planned today (and what still needs a debrief), my tasks, the deals that need
// attention, the milestone criteria waiting for my confirmation (managers, admins), and my open pipeline.
import { Anchor, Button, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { Money, stageLabel } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api, listAll } from '../../lib/api.ts';
import { errorMessage, notifyError } from '../../lib/errors.ts';
import { dayBounds, formatDate, formatTotals, localIsoDate, totalsByCurrency } from '../../lib/format.ts';
import type { Health } from '../../lib/process.ts';
import { useNames, usePipelines } from '../../lib/queries.ts';
import { viewerTimeZone } from '../../lib/time-zone.ts';
import type { Activity, ListPage, Opportunity } from '../../lib/types.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { ActivityItem } from '../activities/ActivityItem.tsx';
import { PlanActivityModal } from '../activities/PlanActivityModal.tsx';
import { RecordOutcomeModal } from '../activities/RecordOutcomeModal.tsx';
import { HealthScore } from '../process/HealthPanel.tsx';
import { ConfirmationsCard } from './ConfirmationsCard.tsx';
import { attentionWarnings, closeDatePassed, overdueCount } from './my-day.ts';

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} mt={4} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

type AtRiskDeal = Health & { id: string };

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const qc = useQueryClient();
  const patch = usePatch();
  const { stageById } = usePipelines();
  const [planning, setPlanning] = useState(false);
  const [debriefing, setDebriefing] = useState<Activity | null>(null);
  const [{ from, to }] = useState(() => dayBounds());
  const uid = me.user.id;
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';

  const deals = useQuery({
    queryKey: ['home', uid, 'deals'],
    queryFn: ({ signal }) =>
      listAll<Opportunity>(
        '/opportunities',
        { ownerId: uid, status: 'open', sort: 'expectedCloseDate' },
        { signal },
      ),
  });
  const today = useQuery({
    queryKey: ['home', uid, 'today', from],
    queryFn: ({ signal }) =>
      api.get<ListPage<Activity>>(
        '/activities',
        { ownerId: uid, status: 'planned', startAtFrom: from, startAtTo: to, sort: 'startAt', limit: 100 },
        signal,
      ),
  });
  const overdue = useQuery({
    queryKey: ['home', uid, 'overdue', from],
    queryFn: ({ signal }) =>
      api.get<ListPage<Activity>>(
        '/activities',
        { ownerId: uid, status: 'planned', startAtTo: from, sort: '-startAt', limit: 50 },
        signal,
      ),
  });
  const upcomingTasks = useQuery({
    queryKey: ['home', uid, 'tasks', to],
    queryFn: ({ signal }) =>
      api.get<ListPage<Activity>>(
        '/activities',
        { ownerId: uid, status: 'planned', type: 'task', startAtFrom: to, sort: 'startAt', limit: 5 },
        signal,
      ),
  });

  const allToday = today.data?.items ?? [];
  const allOverdue = overdue.data?.items ?? [];
  const agenda = [
    ...allOverdue.filter((a) => a.type !== 'task').reverse(),
    ...allToday.filter((a) => a.type !== 'task'),
  ];
  const tasks = [
    ...allOverdue.filter((a) => a.type === 'task').reverse(),
    ...allToday.filter((a) => a.type === 'task'),
  ];
  const laterTasks = upcomingTasks.data?.items ?? [];
  const accountNames = useNames(
    'accounts',
    [...agenda, ...tasks, ...(deals.data ?? [])].map((x) => x.accountId),
  );
  const dealNames = useNames(
    'opportunities',
    [...agenda, ...tasks].map((a) => a.opportunityId),
  );

  const todayIso = localIsoDate();
  // Deals that need attention: the server's deal health (worst first), with the suggested next actions.
  const atRisk = useQuery({
    queryKey: ['home', uid, 'at-risk', lang],
    queryFn: ({ signal }) =>
      api.get<{ items: AtRiskDeal[] }>(
        '/opportunities/at-risk',
        { ownerId: uid, maxScore: 79, limit: 50, timeZone: viewerTimeZone() },
        signal,
      ),
  });
  const attention = useMemo(() => {
    const byId = new Map((deals.data ?? []).map((d) => [d.id, d]));
    return (atRisk.data?.items ?? []).flatMap((h) => {
      const deal = byId.get(h.id);
      return deal ? [{ deal, health: h }] : [];
    });
  }, [deals.data, atRisk.data]);
  const totals = totalsByCurrency(deals.data ?? []);
  const weighted = totalsByCurrency(
    (deals.data ?? []).map((d) => ({
      currency: d.currency,
      amount: (d.amount * (stageById.get(d.stageId)?.probability ?? 0)) / 100,
    })),
  );
  const currency = me.organization.defaultCurrency;

  const complete = async (a: Activity) => {
    try {
      await patch<Activity>('activities', a.id, a.version, { status: 'done' }, () => [
        { label: a.subject, value: t('enums.activityStatus.done') },
      ]);
      await qc.invalidateQueries({ queryKey: ['home', uid] });
    } catch (err) {
      notifyError(err, t);
    }
  };

  const hour = new Date().getHours();
  const greeting = hour < 12 ? 'home.morning' : hour < 18 ? 'home.afternoon' : 'home.evening';
  const firstName = me.user.name.replace(/\s*\(.*\)\s*$/, '');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t(greeting, { name: firstName })}
          </Title>
          <Text c="dimmed" size="sm">
            {formatDate(todayIso, lang)}
          </Text>
        </div>
        <Group gap="xs">
          <Button component={Link} to="/board" variant="default" leftSection={<IconLayoutKanban size={16} />}>
            {t('nav.board')}
          </Button>
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setPlanning(true)}>
              {t('activities.planActivity')}
            </Button>
          )}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Stat
          testId="stat-pipeline"
          label={t('home.openPipeline')}
          value={deals.isPending ? '…' : formatTotals(totals, lang, currency, true)}
          hint={t('home.openDeals', { count: deals.data?.length ?? 0 })}
        />
        <Stat
          testId="stat-weighted"
          label={t('home.weighted')}
          value={deals.isPending ? '…' : formatTotals(weighted, lang, currency, true)}
          hint={t('home.weightedHint')}
        />
        <Stat
          testId="stat-today"
          label={t('home.todayCount')}
          value={today.isPending ? '…' : String(allToday.filter((a) => a.type !== 'task').length)}
          hint={t('home.overdueCount', { count: overdueCount([...allOverdue, ...allToday]) })}
        />
        <Stat
          testId="stat-attention"
          label={t('home.attentionCount')}
          value={deals.isPending || atRisk.isPending ? '…' : String(attention.length)}
          hint={t('home.attentionHint')}
        />
      </SimpleGrid>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="md" data-testid="home-today">
              <Title order={2} size="h5" mb="xs">
                {t('home.today')}
              </Title>
              {today.isError && <Text c="red">{errorMessage(today.error, t)}</Text>}
              {today.isSuccess && overdue.isSuccess && !agenda.length && (
                <EmptyState
                  compact
                  title={t('home.todayEmptyTitle')}
                  text={t('home.todayEmptyText')}
                  action={
                    canWrite && (
                      <Button size="xs" variant="light" onClick={() => setPlanning(true)}>
                        {t('activities.planVisit')}
                      </Button>
                    )
                  }
                />
              )}
              {agenda.map((a) => (
                <ActivityItem
                  key={a.id}
                  activity={a}
                  accountName={a.accountId ? accountNames.get(a.accountId) : undefined}
                  dealName={a.opportunityId ? dealNames.get(a.opportunityId) : undefined}
                  onRecordOutcome={canWrite ? setDebriefing : undefined}
                />
              ))}
            </Paper>
            <Paper withBorder p="md" data-testid="home-tasks">
              <Title order={2} size="h5" mb="xs">
                {t('home.tasks')}
              </Title>
              {today.isSuccess && overdue.isSuccess && !tasks.length && !laterTasks.length && (
                <EmptyState compact title={t('home.tasksEmptyTitle')} text={t('home.tasksEmptyText')} />
              )}
              {tasks.map((a) => (
                <ActivityItem
                  key={a.id}
                  activity={a}
                  dealName={a.opportunityId ? dealNames.get(a.opportunityId) : undefined}
                  onComplete={canWrite ? complete : undefined}
                />
              ))}
              {laterTasks.length > 0 && (
                <>
                  <Text size="xs" c="dimmed" fw={600} mt="sm">
                    {t('home.laterTasks')}
                  </Text>
                  {laterTasks.map((a) => (
                    <ActivityItem key={a.id} activity={a} onComplete={canWrite ? complete : undefined} />
                  ))}
                </>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <ConfirmationsCard uid={uid} />
            <Paper withBorder p="md" data-testid="home-attention">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5">
                  {t('home.attention')}
                </Title>
                <Anchor
                  component={Link}
                  to="/opportunities?ownerId=me&status=open&sort=expectedCloseDate"
                  size="sm"
                >
                  {t('home.allMyDeals')}
                </Anchor>
              </Group>
              {deals.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
              {deals.isError && <Text c="red">{errorMessage(deals.error, t)}</Text>}
              {deals.isSuccess && !deals.data.length && (
                <EmptyState
                  compact
                  title={t('home.noDealsTitle')}
                  text={t('home.noDealsText')}
                  action={
                    <Button component={Link} to="/opportunities" size="xs" variant="light">
                      {t('nav.opportunities')}
                    </Button>
                  }
                />
              )}
              {deals.isSuccess && deals.data.length > 0 && !attention.length && (
                <EmptyState compact title={t('home.allHealthyTitle')} text={t('home.allHealthyText')} />
              )}
              <Stack gap={0}>
                {attention.slice(0, 8).map(({ deal, health }) => {
                  const shown = attentionWarnings(health.warnings);
                  const closePassed = closeDatePassed(deal, todayIso);
                  return (
                    <Stack
                      key={deal.id}
                      gap={2}
                      py={8}
                      className="wp-timeline-item"
                      data-testid="attention-deal"
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Anchor
                          component={Link}
                          to={`/opportunities/${deal.id}`}
                          size="sm"
                          fw={500}
                          className="wp-clamp-1"
                        >
                          {deal.name}
                        </Anchor>
                        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                          <Money amount={deal.amount} currency={deal.currency} />
                        </Text>
                      </Group>
                      <Text size="xs" c="dimmed" className="wp-clamp-1">
                        {accountNames.get(deal.accountId) ?? '…'} ·{' '}
                        {stageLabel(stageById.get(deal.stageId), lang)} ·{' '}
                        {closePassed ? (
                          <Text
                            span
                            size="xs"
                            c="red.9"
                            fw={600}
                            title={t('warnings.close_date_passed')}
                            data-testid="attention-close-date"
                            data-warning="close_date_passed"
                          >
                            <IconAlertTriangle
                              size={12}
                              aria-label={t('warnings.close_date_passed')}
                              role="img"
                              style={{ verticalAlign: '-2px', marginInlineEnd: 2 }}
                            />
                            {formatDate(deal.expectedCloseDate, lang)}
                          </Text>
                        ) : (
                          formatDate(deal.expectedCloseDate, lang)
                        )}
                      </Text>
                      <Group gap={6} wrap="nowrap" align="flex-start">
                        <HealthScore score={health.score} size="xs" />
                        <Stack gap={0} style={{ minWidth: 0 }}>
                          {shown.map((w) => (
                            <Text
                              key={w.code}
                              size="xs"
                              className="wp-clamp-1"
                              title={w.suggestion}
                              c={w.code === 'close_date_passed' ? 'red.9' : undefined}
                            >
                              {w.message}
                            </Text>
                          ))}
                          {shown[0] && (
                            <Text size="xs" c="dimmed" className="wp-clamp-1">
                              {t('health.suggestion', { text: shown[0].suggestion })}
                            </Text>
                          )}
                        </Stack>
                      </Group>
                    </Stack>
                  );
                })}
              </Stack>
              {attention.length > 8 && (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('home.moreAttention', { count: attention.length - 8 })}
                </Text>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <PlanActivityModal opened={planning} onClose={() => setPlanning(false)} />
      <RecordOutcomeModal activity={debriefing} onClose={() => setDebriefing(null)} />
    </Stack>
  );
}
