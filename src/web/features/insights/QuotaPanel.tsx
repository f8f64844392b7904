// Quota attainment (won ÷ quota) and pipeline coverage (open pipeline expected in the period ÷ what is
// left of the quota) per person or rolled up per team.
import { Anchor, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { periodDrill } from '../../../core/analytics/drill.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { formatMoneyCompact, formatNumber } from '../../lib/format.ts';
import { drillHref, formatPeriod, formatRate, labelOf, rollupOrder } from '../../lib/insights.ts';
import { type QuotaReport, useInsight } from './api.ts';
import { ChartCard, Figure } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import { quotaHasFigures, teamRowsEmpty } from './emptyState.ts';
import type { InsightParams } from './params.ts';

const coverage = (x: number | null, locale: string) =>
  x === null ? '—' : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x)}×`;

export function QuotaPanel({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const groupBy = p.rollup;
  const query = useInsight<QuotaReport>('/quotas/attainment', { period: p.period, groupBy });
  const none = t('insights.noTeam');
  const money = (x: number) => formatMoneyCompact(x, currency, lang);
  const drill = (row: { key: string | null } | null, figure: 'won' | 'open') =>
    periodDrill({ period: p.period, groupBy: row ? groupBy : 'none', key: row?.key ?? null, figure });
  const ordered = (d: QuotaReport) =>
    groupBy === 'team' ? rollupOrder(d.rows) : d.rows.map((r) => ({ ...r, depth: 0 }));

  const chart = (d: QuotaReport) => {
    const rows = ordered(d);
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map(
          (r) => `${'  '.repeat(r.depth)}${labelOf(r, none)} · ${formatRate(r.attainment, lang)}`,
        ),
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: [
        {
          id: 'quota',
          name: t('insights.quota'),
          type: 'bar',
          barMaxWidth: 12,
          color: SERIES_COLORS.quota,
          data: rows.map((r) => Math.round(r.quota)),
        },
        {
          id: 'won',
          name: t('enums.status.won'),
          type: 'bar',
          barMaxWidth: 12,
          color: SERIES_COLORS.won,
          data: rows.map((r) => r.won),
        },
        {
          id: 'open',
          name: t('insights.openPipeline'),
          type: 'bar',
          barMaxWidth: 12,
          color: SERIES_COLORS.open,
          data: rows.map((r) => r.openPipeline),
        },
      ],
    };
    return (
      <EChart
        testId="quota-chart"
        option={option}
        height={Math.max(180, 70 + rows.length * 46)}
        label={t('insights.quotaChartLabel', {
          period: formatPeriod(p.period, lang),
          rows: rows
            .map(
              (r) => `${labelOf(r, none)} ${formatRate(r.attainment, lang)} / ${coverage(r.coverage, lang)}`,
            )
            .join(', '),
        })}
        onClick={(e) => {
          if (e.seriesId !== 'won' && e.seriesId !== 'open') return;
          const q = drill(rows[e.dataIndex] ?? null, e.seriesId);
          if (q) navigate(drillHref(q));
        }}
      />
    );
  };

  const table = (d: QuotaReport) => (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={4} data-testid="quota-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(`insights.groupBy.${groupBy}`)}</Table.Th>
            <Table.Th ta="right">{t('insights.quota')}</Table.Th>
            <Table.Th ta="right">{t('enums.status.won')}</Table.Th>
            <Table.Th ta="right">{t('insights.attainment')}</Table.Th>
            <Table.Th ta="right">{t('insights.remainingQuota')}</Table.Th>
            <Table.Th ta="right">{t('insights.openPipeline')}</Table.Th>
            <Table.Th ta="right">{t('insights.coverage')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[
            ...ordered(d),
            { key: null, label: t('insights.total'), parentId: null, depth: 0, ...d.total, total: true },
          ].map((r) => {
            const isTotal = 'total' in r;
            const name = labelOf(r, none);
            const row = isTotal ? null : r;
            return (
              <Table.Tr key={isTotal ? 'total' : (r.key ?? 'none')} fw={isTotal ? 700 : undefined}>
                <Table.Td style={{ paddingInlineStart: 10 + r.depth * 18 }}>{name}</Table.Td>
                <Table.Td ta="right">{money(r.quota)}</Table.Td>
                <Table.Td ta="right">
                  <DrillLink q={r.won ? drill(row, 'won') : null} what={`${name} · ${t('enums.status.won')}`}>
                    {money(r.won)}
                  </DrillLink>
                </Table.Td>
                <Table.Td ta="right">{formatRate(r.attainment, lang)}</Table.Td>
                <Table.Td ta="right">{money(r.remainingQuota)}</Table.Td>
                <Table.Td ta="right">
                  <DrillLink
                    q={r.openPipeline ? drill(row, 'open') : null}
                    what={`${name} · ${t('insights.openPipeline')}`}
                  >
                    {money(r.openPipeline)}
                  </DrillLink>
                </Table.Td>
                <Table.Td ta="right" c={r.coverage !== null && r.coverage < 3 ? 'orange.9' : undefined}>
                  {coverage(r.coverage, lang)}
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
      testId="quota"
      title={t('insights.quotaTitle', { period: formatPeriod(p.period, lang) })}
      help={t('insights.quotaHelp')}
      query={query}
      empty={teamRowsEmpty(groupBy, me.user.role, !!query.data && quotaHasFigures(query.data.total), t)}
      hasData={(d) => d.rows.length > 0}
      summary={(d) => (
        <Group gap="xl" wrap="wrap" align="flex-end">
          <Figure label={t('insights.quota')} value={money(d.total.quota)} />
          <Figure label={t('insights.attainment')} value={formatRate(d.total.attainment, lang)} />
          <Figure label={t('insights.coverage')} value={coverage(d.total.coverage, lang)} />
          <Figure
            label={t('insights.openPipeline')}
            value={
              <DrillLink
                q={d.total.openPipeline ? drill(null, 'open') : null}
                what={t('insights.openPipeline')}
              >
                {money(d.total.openPipeline)}
              </DrillLink>
            }
          />
          {d.total.quota === 0 && (
            <Text size="xs" c="dimmed" maw={320}>
              {me.user.role === 'admin' ? (
                <>
                  {t('insights.noQuotas')}{' '}
                  <Anchor component={Link} to="/admin/quotas" size="xs">
                    {t('insights.setQuotas')}
                  </Anchor>
                </>
              ) : (
                t('insights.noQuotas')
              )}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('insights.coverageHint', { n: formatNumber(3, lang) })}
          </Text>
        </Group>
      )}
      chart={chart}
      table={table}
    />
  );
}
