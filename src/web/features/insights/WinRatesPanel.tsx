// Win rates by rep, team, pipeline, product or month: won, lost and no-decision deals closed in the
// range as stacked bars (each segment opens its deals), the win rate beside each name.
import { Group, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { closedDealsDrill, type Outcome } from '../../../core/analytics/drill.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { Money } from '../../components/display.tsx';
import { formatNumber } from '../../lib/format.ts';
import { drillHref, formatRate, labelOf, noneLabelKey, rangeLabel, winRateBars } from '../../lib/insights.ts';
import { useInsight, type WinRates } from './api.ts';
import { ChartCard, Figure } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import type { InsightParams } from './params.ts';

const OUTCOMES: Outcome[] = ['won', 'lost', 'no_decision'];

export function WinRatesPanel({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const query = useInsight<WinRates>('/analytics/win-rates', {
    groupBy: p.groupBy,
    from: p.from,
    to: p.to,
    pipelineId: p.pipeline || undefined,
  });
  const none = t(noneLabelKey(p.groupBy));
  // By product the rows may add up to more than the total: say why where the figures are explained.
  const withProductNote = (help: string) =>
    p.groupBy === 'product' ? `${help} ${t('insights.byProductNote')}` : help;
  const range = { from: p.from, to: p.to, pipelineId: p.pipeline || undefined, groupBy: p.groupBy };
  const drill = (key: string | null, outcomes?: Outcome[]) => closedDealsDrill({ ...range, key, outcomes });

  const chart = (data: WinRates) => {
    const bars = winRateBars(data.rows, none, p.groupBy === 'month');
    const names = bars.labels.map((l, i) => `${l} · ${formatRate(bars.rates[i], lang)}`);
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: OUTCOMES.map((o) => t(`enums.status.${o}`)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: OUTCOMES.map((o) => ({
        id: o,
        name: t(`enums.status.${o}`),
        type: 'bar' as const,
        stack: 'deals',
        barMaxWidth: 26,
        color: SERIES_COLORS[o],
        data: o === 'won' ? bars.won : o === 'lost' ? bars.lost : bars.noDecision,
        label: { show: true, formatter: (x: { value: unknown }) => (x.value ? String(x.value) : '') },
      })),
    };
    return (
      <EChart
        testId="win-rate-chart"
        option={option}
        height={Math.max(160, 60 + bars.labels.length * 34)}
        label={t('insights.winRatesChartLabel', {
          range: rangeLabel(p.from, p.to, lang),
          groups: bars.labels.map((l, i) => `${l} ${formatRate(bars.rates[i], lang)}`).join(', '),
        })}
        onClick={(e) => {
          const q = drill(bars.keys[e.dataIndex] ?? null, [e.seriesId as Outcome]);
          if (q) navigate(drillHref(q));
        }}
      />
    );
  };

  const table = (data: WinRates) => (
    <Table.ScrollContainer minWidth={620}>
      <Table striped verticalSpacing={4} data-testid="win-rate-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`insights.groupBy.${p.groupBy}`)}</Table.Th>
            {OUTCOMES.map((o) => (
              <Table.Th key={o} ta="right">
                {t(`enums.status.${o}`)}
              </Table.Th>
            ))}
            <Table.Th ta="right">{t('insights.winRate')}</Table.Th>
            <Table.Th ta="right">{t('insights.winRateInclNoDecision')}</Table.Th>
            <Table.Th ta="right">{t('insights.wonAmount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...data.rows, { key: null, label: t('insights.total'), ...data.total, total: true }].map((r) => {
            const name = labelOf(r, none);
            const isTotal = 'total' in r;
            const q = (o: Outcome) =>
              isTotal
                ? closedDealsDrill({ ...range, groupBy: 'none', key: null, outcomes: [o] })
                : drill(r.key, [o]);
            return (
              <Table.Tr key={isTotal ? 'total' : (r.key ?? 'none')} fw={isTotal ? 700 : undefined}>
                <Table.Td>{name}</Table.Td>
                {OUTCOMES.map((o) => {
                  const n = o === 'won' ? r.won : o === 'lost' ? r.lost : r.noDecision;
                  return (
                    <Table.Td key={o} ta="right">
                      <DrillLink q={n ? q(o) : null} what={`${name} · ${t(`enums.status.${o}`)}`}>
                        {formatNumber(n, lang)}
                      </DrillLink>
                    </Table.Td>
                  );
                })}
                <Table.Td ta="right">{formatRate(r.winRate, lang)}</Table.Td>
                <Table.Td ta="right">{formatRate(r.winRateInclNoDecision, lang)}</Table.Td>
                <Table.Td ta="right">
                  <Money amount={r.wonAmount} currency={currency} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <ChartCard
      testId="win-rates"
      title={t('insights.winRatesTitle')}
      help={withProductNote(t('insights.winRatesHelp', { range: rangeLabel(p.from, p.to, lang) }))}
      query={query}
      hasData={(d) => d.rows.length > 0}
      summary={(d) => (
        <Group gap="xl" wrap="wrap">
          <Figure label={t('insights.winRate')} value={formatRate(d.total.winRate, lang)} />
          <Figure
            label={t('insights.winRateInclNoDecision')}
            value={formatRate(d.total.winRateInclNoDecision, lang)}
          />
          <Figure
            label={t('enums.status.won')}
            value={
              <DrillLink
                q={
                  d.total.won
                    ? closedDealsDrill({ ...range, groupBy: 'none', key: null, outcomes: ['won'] })
                    : null
                }
                what={t('enums.status.won')}
              >
                {formatNumber(d.total.won, lang)}
              </DrillLink>
            }
          />
          <Figure
            label={t('insights.decided')}
            value={formatNumber(d.total.won + d.total.lost + d.total.noDecision, lang)}
          />
          <Figure
            label={t('insights.wonAmount')}
            value={<Money amount={d.total.wonAmount} currency={currency} />}
          />
        </Group>
      )}
      chart={chart}
      table={table}
    />
  );
}
