// Insights (分析): the pipeline-science dashboards. One tab per question — win rates, funnel, cycle and
// velocity, forecast, quotas and coverage — over the deals the signed-in user sees (a rep their own, a
// manager their team, admins the organization). Filters live in the URL; every number that stands for
// deals opens them in the deal list.
import { Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { monthOptions, periodOptions } from '../../lib/insights.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { usePipelines } from '../../lib/queries.ts';
import { useInsight } from './api.ts';
import { CyclePanel } from './CyclePanel.tsx';
import { ForecastPanel } from './ForecastPanel.tsx';
import { FunnelPanel } from './FunnelPanel.tsx';
import { type Grouping, groupingsFor, useInsightParams } from './params.ts';
import { QuotaPanel } from './QuotaPanel.tsx';
import { WinRatesPanel } from './WinRatesPanel.tsx';

export const INSIGHT_TABS = ['win-rates', 'funnel', 'cycle', 'forecast', 'quota'] as const;
type Tab = (typeof INSIGHT_TABS)[number];

export default function InsightsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab } = useParams();
  const lang = i18n.language;
  const { pipelines, defaultPipeline } = usePipelines();
  const wide = me.user.role !== 'rep' && me.user.role !== 'presales';
  const groupings = groupingsFor(me.user.role);
  const {
    value: p,
    set,
    search,
    current,
  } = useInsightParams({
    groupBy: 'owner',
    rollup: wide ? 'team' : 'owner',
    groupings,
  });
  const extent = useInsight<{ firstMonth: string | null }>('/analytics/extent', {});
  if (!INSIGHT_TABS.includes(tab as Tab))
    return <Navigate to={`/insights/win-rates${search ? `?${search}` : ''}`} replace />;
  const active = tab as Tab;
  // Back to the first month with deals (imported history can reach years back); the range in the URL is
  // always among the choices, so a linked view shows its months in the boxes.
  const months = monthOptions(current, lang, { first: extent.data?.firstMonth, keep: [p.from, p.to] });
  const byPeriod = active === 'forecast' || active === 'quota';

  const pipelineData = [
    ...(active === 'funnel' ? [] : [{ value: '', label: t('insights.allPipelines') }]),
    ...pipelines.map((x) => ({ value: x.id, label: pipelineName(x, lang) })),
  ];
  const filters = byPeriod ? (
    <>
      <Select
        label={t('insights.period')}
        data={periodOptions(current, lang, { keep: [p.period] }).map((g) => ({
          group: t(g.group === 'quarter' ? 'insights.quarters' : 'insights.months'),
          items: g.items,
        }))}
        value={p.period}
        onChange={(v) => v && set({ period: v })}
        allowDeselect={false}
        w={170}
        size="sm"
      />
      <Select
        label={t('insights.rollup')}
        data={[
          { value: 'owner', label: t('insights.groupBy.owner') },
          { value: 'team', label: t('insights.groupBy.team') },
        ]}
        value={p.rollup}
        onChange={(v) => v && set({ rollup: v as 'owner' | 'team' })}
        allowDeselect={false}
        w={150}
        size="sm"
      />
    </>
  ) : (
    <>
      <Select
        label={t('insights.from')}
        data={months}
        value={p.from}
        onChange={(v) => v && set({ from: v })}
        allowDeselect={false}
        w={140}
        size="sm"
        searchable
      />
      <Select
        label={t('insights.to')}
        data={months}
        value={p.to}
        onChange={(v) => v && set({ to: v })}
        allowDeselect={false}
        w={140}
        size="sm"
        searchable
      />
      <Select
        label={t('insights.pipeline')}
        data={pipelineData}
        value={active === 'funnel' ? p.pipeline || (defaultPipeline?.id ?? null) : p.pipeline}
        onChange={(v) => set({ pipeline: v ?? '' })}
        allowDeselect={false}
        w={200}
        size="sm"
      />
      {active !== 'funnel' && (
        <Select
          label={t('insights.groupByLabel')}
          data={groupings.map((g) => ({ value: g, label: t(`insights.groupBy.${g}`) }))}
          value={p.groupBy}
          onChange={(v) => v && set({ groupBy: v as Grouping })}
          allowDeselect={false}
          w={150}
          size="sm"
        />
      )}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('insights.title')}
        subtitle={t(
          wide
            ? me.user.role === 'manager'
              ? 'insights.scopeTeam'
              : 'insights.scopeOrg'
            : 'insights.scopeMine',
        )}
      />
      <Tabs
        value={active}
        onChange={(v) => v && navigate(`/insights/${v}${search ? `?${search}` : ''}`)}
        keepMounted={false}
      >
        <Tabs.List mb="sm">
          {INSIGHT_TABS.map((x) => (
            <Tabs.Tab key={x} value={x}>
              {t(`insights.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap" data-testid="insight-filters">
          {filters}
        </Group>
        {INSIGHT_TABS.map((x) => (
          <Tabs.Panel key={x} value={x}>
            <Stack gap="md">
              {x === 'win-rates' && <WinRatesPanel p={p} />}
              {x === 'funnel' && <FunnelPanel p={p} />}
              {x === 'cycle' && <CyclePanel p={p} />}
              {x === 'forecast' && <ForecastPanel p={p} />}
              {x === 'quota' && <QuotaPanel p={p} />}
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
      <Text size="xs" c="dimmed" mt="md">
        {t('insights.footnote')}
      </Text>
    </>
  );
}
