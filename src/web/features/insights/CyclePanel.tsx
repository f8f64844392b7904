// Sales cycle (mean and median days from created to won, of deals won in the range) and pipeline
// velocity (open deals × win rate × average won amount ÷ cycle days: expected won amount per day).
import { Group, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { closedDealsDrill, openDealsDrill } from '../../../core/analytics/drill.ts';
import type { VelocityGroupBy } from '../../../core/analytics/model.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { Money } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatMoneyCompact, formatNumber } from '../../lib/format.ts';
import { drillHref, formatDays, formatRate, labelOf, noneLabelKey, rangeLabel } from '../../lib/insights.ts';
import { type CycleTime, useInsight, type Velocity } from './api.ts';
import { ChartCard, Figure } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import { hasVelocityBars } from './emptyState.ts';
import type { InsightParams } from './params.ts';

export function CyclePanel({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const none = t(noneLabelKey(p.groupBy));
  // Velocity groups by owner, team or pipeline only: its unlabelled rows are owners without a team.
  const noTeam = t('insights.noTeam');
  const range = rangeLabel(p.from, p.to, lang);
  const pipelineId = p.pipeline || undefined;
  const vGroup: VelocityGroupBy = p.groupBy === 'product' || p.groupBy === 'month' ? 'none' : p.groupBy;
  const cycle = useInsight<CycleTime>('/analytics/cycle-time', {
    groupBy: p.groupBy,
    from: p.from,
    to: p.to,
    pipelineId,
  });
  const velocity = useInsight<Velocity>('/analytics/velocity', {
    groupBy: vGroup,
    from: p.from,
    to: p.to,
    pipelineId,
  });
  const wonDrill = (key: string | null, all = false) =>
    closedDealsDrill({
      groupBy: all ? 'none' : p.groupBy,
      key,
      from: p.from,
      to: p.to,
      pipelineId,
      outcomes: ['won'],
    });

  const cycleChart = (d: CycleTime) => {
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.rows.map((r) => labelOf(r, none)),
        axisLabel: { width: 200, overflow: 'truncate' },
      },
      series: [
        {
          id: 'mean',
          name: t('insights.meanDays'),
          type: 'bar',
          barMaxWidth: 14,
          color: SERIES_COLORS.open,
          data: d.rows.map((r) => (r.meanDays === null ? null : Math.round(r.meanDays * 10) / 10)),
        },
        {
          id: 'median',
          name: t('insights.medianDays'),
          type: 'bar',
          barMaxWidth: 14,
          color: SERIES_COLORS.weighted,
          data: d.rows.map((r) => r.medianDays),
        },
      ],
    };
    return (
      <EChart
        option={option}
        height={Math.max(160, 60 + d.rows.length * 38)}
        label={t('insights.cycleChartLabel', {
          range,
          groups: d.rows.map((r) => `${labelOf(r, none)} ${formatDays(r.meanDays, lang)}`).join(', '),
        })}
        onClick={(e) => {
          const q = wonDrill(d.rows[e.dataIndex]?.key ?? null);
          if (q) navigate(drillHref(q));
        }}
      />
    );
  };

  const cycleTable = (d: CycleTime) => (
    <Table striped verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t(`insights.groupBy.${p.groupBy}`)}</Table.Th>
          <Table.Th ta="right">{t('enums.status.won')}</Table.Th>
          <Table.Th ta="right">{t('insights.meanDays')}</Table.Th>
          <Table.Th ta="right">{t('insights.medianDays')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...d.rows, { key: null, label: t('insights.total'), ...d.total, total: true }].map((r) => {
          const isTotal = 'total' in r;
          return (
            <Table.Tr key={isTotal ? 'total' : (r.key ?? 'none')} fw={isTotal ? 700 : undefined}>
              <Table.Td>{labelOf(r, none)}</Table.Td>
              <Table.Td ta="right">
                <DrillLink
                  q={r.won ? wonDrill(r.key, isTotal) : null}
                  what={`${labelOf(r, none)} · ${t('enums.status.won')}`}
                >
                  {formatNumber(r.won, lang)}
                </DrillLink>
              </Table.Td>
              <Table.Td ta="right">{formatDays(r.meanDays, lang)}</Table.Td>
              <Table.Td ta="right">{formatDays(r.medianDays, lang)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );

  const openDrill = (key: string | null, all = false) =>
    openDealsDrill({ groupBy: all ? 'none' : vGroup, key, pipelineId });
  const money = (x: number | null) => (x === null ? '—' : formatMoneyCompact(x, currency, lang));

  const velocityChart = (d: Velocity) => {
    if (!hasVelocityBars(d.rows))
      return <EmptyState compact title={t('insights.noDataTitle')} text={t('insights.velocityNoBarsText')} />;
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatMoneyCompact(v, currency, lang) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.rows.map((r) => labelOf(r, noTeam)),
        axisLabel: { width: 200, overflow: 'truncate' },
      },
      series: [
        {
          name: t('insights.velocityPerDay'),
          type: 'bar',
          barMaxWidth: 24,
          color: SERIES_COLORS.open,
          data: d.rows.map((r) => (r.velocityPerDay === null ? null : Math.round(r.velocityPerDay))),
          label: {
            show: true,
            position: 'right',
            formatter: (x: { value: unknown }) => money(x.value as number | null),
          },
        },
      ],
    };
    return (
      <EChart
        option={option}
        height={Math.max(140, 40 + d.rows.length * 36)}
        label={t('insights.velocityChartLabel', {
          groups: d.rows.map((r) => `${labelOf(r, noTeam)} ${money(r.velocityPerDay)}`).join(', '),
        })}
        onClick={(e) => {
          const q = openDrill(d.rows[e.dataIndex]?.key ?? null);
          if (q) navigate(drillHref(q));
        }}
      />
    );
  };

  const velocityTable = (d: Velocity) => (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`insights.groupBy.${vGroup === 'none' ? 'all' : vGroup}`)}</Table.Th>
            <Table.Th ta="right">{t('insights.openDeals')}</Table.Th>
            <Table.Th ta="right">{t('insights.openAmount')}</Table.Th>
            <Table.Th ta="right">{t('insights.winRate')}</Table.Th>
            <Table.Th ta="right">{t('insights.avgWon')}</Table.Th>
            <Table.Th ta="right">{t('insights.meanDays')}</Table.Th>
            <Table.Th ta="right">{t('insights.velocityPerDay')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...d.rows, { key: null, label: t('insights.total'), ...d.total, total: true }].map((r) => {
            const isTotal = 'total' in r;
            return (
              <Table.Tr key={isTotal ? 'total' : (r.key ?? 'none')} fw={isTotal ? 700 : undefined}>
                <Table.Td>{labelOf(r, noTeam)}</Table.Td>
                <Table.Td ta="right">
                  <DrillLink
                    q={r.openDeals ? openDrill(r.key, isTotal) : null}
                    what={`${labelOf(r, noTeam)} · ${t('insights.openDeals')}`}
                  >
                    {formatNumber(r.openDeals, lang)}
                  </DrillLink>
                </Table.Td>
                <Table.Td ta="right">
                  <Money amount={r.openAmount} currency={currency} />
                </Table.Td>
                <Table.Td ta="right">{formatRate(r.winRate, lang)}</Table.Td>
                <Table.Td ta="right">{money(r.avgWonAmount)}</Table.Td>
                <Table.Td ta="right">{formatDays(r.meanCycleDays, lang)}</Table.Td>
                <Table.Td ta="right">{money(r.velocityPerDay)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <>
      <ChartCard
        testId="cycle-time"
        title={t('insights.cycleTitle')}
        help={
          p.groupBy === 'product'
            ? `${t('insights.cycleHelp', { range })} ${t('insights.byProductNote')}`
            : t('insights.cycleHelp', { range })
        }
        query={cycle}
        hasData={(d) => d.total.won > 0}
        summary={(d) => (
          <Group gap="xl">
            <Figure label={t('insights.meanDays')} value={formatDays(d.total.meanDays, lang)} />
            <Figure label={t('insights.medianDays')} value={formatDays(d.total.medianDays, lang)} />
            <Figure
              label={t('enums.status.won')}
              value={
                <DrillLink q={wonDrill(null, true)} what={t('enums.status.won')}>
                  {formatNumber(d.total.won, lang)}
                </DrillLink>
              }
            />
          </Group>
        )}
        chart={cycleChart}
        table={cycleTable}
      />
      <ChartCard
        testId="velocity"
        title={t('insights.velocityTitle')}
        help={t('insights.velocityHelp', { range })}
        query={velocity}
        hasData={(d) => d.total.openDeals > 0 || d.total.won > 0}
        summary={(d) => (
          <Group gap="xl" wrap="wrap">
            <Figure label={t('insights.velocityPerDay')} value={money(d.total.velocityPerDay)} />
            <Figure
              label={t('insights.openDeals')}
              value={
                <DrillLink
                  q={d.total.openDeals ? openDrill(null, true) : null}
                  what={t('insights.openDeals')}
                >
                  {formatNumber(d.total.openDeals, lang)}
                </DrillLink>
              }
            />
            <Figure label={t('insights.winRate')} value={formatRate(d.total.winRate, lang)} />
            <Figure label={t('insights.avgWon')} value={money(d.total.avgWonAmount)} />
            <Figure label={t('insights.meanDays')} value={formatDays(d.total.meanCycleDays, lang)} />
          </Group>
        )}
        chart={vGroup === 'none' ? undefined : velocityChart}
        table={velocityTable}
      />
    </>
  );
}
