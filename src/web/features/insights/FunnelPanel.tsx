// The funnel of a pipeline (deals created in the range that reached each stage, stage-to-stage
// conversion, won of those that reached it) and time in stage (mean of completed stays vs. expected).
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { funnelDrill } from '../../../core/analytics/drill.ts';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { formatNumber } from '../../lib/format.ts';
import { drillHref, formatDays, formatRate, rangeLabel } from '../../lib/insights.ts';
import { type Funnel, type TimeInStage, useInsight } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import type { InsightParams } from './params.ts';
import { type InsightStage, insightStageName } from './stageName.ts';

export function FunnelPanel({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = i18n.language;
  const params = { pipeline: p.pipeline || undefined, from: p.from, to: p.to };
  const funnel = useInsight<Funnel>('/analytics/funnel', params);
  const time = useInsight<TimeInStage>('/analytics/time-in-stage', params);
  const range = rangeLabel(p.from, p.to, lang);
  // A retired stage keeps its row (its history still counts) and says it is retired, in charts and tables.
  const name = (s: InsightStage) =>
    insightStageName(s, lang, (stage) => t('insights.retiredStage', { stage }));
  // Room for the mark too (about 60 px in either language): a name that fitted still fits with its mark.
  const labelWidth = (stages: InsightStage[]) => (stages.some((s) => s.retiredAt) ? 260 : 200);
  const drill = (stageId: string, outcome?: 'won' | 'closed') =>
    funnelDrill({ stageId, from: p.from, to: p.to, outcome });

  const funnelChart = (d: Funnel) => {
    const option: ChartOption = {
      grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true },
      // The won deals are drawn inside the reached bar: the legend says which is which.
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.stages.map(name),
        axisLabel: { width: labelWidth(d.stages), overflow: 'truncate' },
      },
      series: [
        {
          id: 'reached',
          name: t('insights.reached'),
          type: 'bar',
          barMaxWidth: 28,
          color: SERIES_COLORS.open,
          data: d.stages.map((s) => s.reached),
          label: {
            show: true,
            position: 'right',
            formatter: (x: { dataIndex: number; value: unknown }) => {
              const prev = x.dataIndex > 0 ? d.stages[x.dataIndex - 1]!.conversionToNext : null;
              return prev === null ? String(x.value) : `${x.value} (${formatRate(prev, lang)})`;
            },
          },
        },
        {
          id: 'won',
          name: t('insights.wonOfReached'),
          type: 'bar',
          barMaxWidth: 28,
          barGap: '-100%',
          color: SERIES_COLORS.won,
          data: d.stages.map((s) => s.won),
        },
      ],
    };
    return (
      <EChart
        testId="funnel-chart"
        option={option}
        height={88 + d.stages.length * 38}
        label={t('insights.funnelChartLabel', {
          range,
          stages: d.stages.map((s) => `${name(s)} ${s.reached}`).join(', '),
        })}
        onClick={(e) => {
          const s = d.stages[e.dataIndex];
          if (s) navigate(drillHref(drill(s.stageId, e.seriesId === 'won' ? 'won' : undefined)));
        }}
      />
    );
  };

  const funnelTable = (d: Funnel) => (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing={4} data-testid="funnel-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.stage')}</Table.Th>
            <Table.Th ta="right">{t('insights.reached')}</Table.Th>
            <Table.Th ta="right">{t('insights.entered')}</Table.Th>
            <Table.Th ta="right">{t('insights.conversionToNext')}</Table.Th>
            <Table.Th ta="right">{t('enums.status.won')}</Table.Th>
            <Table.Th ta="right">{t('insights.closed')}</Table.Th>
            <Table.Th ta="right">{t('insights.stageWinRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.stages.map((s) => (
            <Table.Tr key={s.stageId}>
              <Table.Td>{name(s)}</Table.Td>
              <Table.Td ta="right">
                <DrillLink
                  q={s.reached ? drill(s.stageId) : null}
                  what={`${name(s)} · ${t('insights.reached')}`}
                >
                  {formatNumber(s.reached, lang)}
                </DrillLink>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(s.entered, lang)}</Table.Td>
              <Table.Td ta="right">{formatRate(s.conversionToNext, lang)}</Table.Td>
              <Table.Td ta="right">
                <DrillLink
                  q={s.won ? drill(s.stageId, 'won') : null}
                  what={`${name(s)} · ${t('enums.status.won')}`}
                >
                  {formatNumber(s.won, lang)}
                </DrillLink>
              </Table.Td>
              <Table.Td ta="right">
                <DrillLink
                  q={s.closed ? drill(s.stageId, 'closed') : null}
                  what={`${name(s)} · ${t('insights.closed')}`}
                >
                  {formatNumber(s.closed, lang)}
                </DrillLink>
              </Table.Td>
              <Table.Td ta="right">{formatRate(s.winRate, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  const timeChart = (d: TimeInStage) => {
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.stages.map(name),
        axisLabel: { width: labelWidth(d.stages), overflow: 'truncate' },
      },
      series: [
        {
          name: t('insights.meanDays'),
          type: 'bar',
          barMaxWidth: 14,
          color: SERIES_COLORS.open,
          data: d.stages.map((s) => (s.meanDays === null ? null : Math.round(s.meanDays * 10) / 10)),
        },
        {
          name: t('insights.expectedDays'),
          type: 'bar',
          barMaxWidth: 14,
          color: SERIES_COLORS.expected,
          data: d.stages.map((s) => s.expectedDays),
        },
      ],
    };
    return (
      <EChart
        option={option}
        height={60 + d.stages.length * 38}
        label={t('insights.timeChartLabel', {
          stages: d.stages
            .map((s) => `${name(s)} ${formatDays(s.meanDays, lang)} / ${s.expectedDays}`)
            .join(', '),
        })}
      />
    );
  };

  const timeTable = (d: TimeInStage) => (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.stage')}</Table.Th>
            <Table.Th ta="right">{t('insights.meanDays')}</Table.Th>
            <Table.Th ta="right">{t('insights.expectedDays')}</Table.Th>
            <Table.Th ta="right">{t('insights.stays')}</Table.Th>
            <Table.Th ta="right">{t('insights.openStays')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.stages.map((s) => (
            <Table.Tr key={s.stageId}>
              <Table.Td>{name(s)}</Table.Td>
              <Table.Td
                ta="right"
                c={s.meanDays !== null && s.meanDays > s.expectedDays ? 'red.8' : undefined}
              >
                {formatDays(s.meanDays, lang)}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(s.expectedDays, lang)}</Table.Td>
              <Table.Td ta="right">{formatNumber(s.stays, lang)}</Table.Td>
              <Table.Td ta="right">{formatNumber(s.openStays, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <>
      <ChartCard
        testId="funnel"
        title={t('insights.funnelTitle')}
        help={t('insights.funnelHelp', { range })}
        query={funnel}
        hasData={(d) => d.stages.some((s) => s.reached > 0)}
        chart={funnelChart}
        table={funnelTable}
      />
      <ChartCard
        testId="time-in-stage"
        title={t('insights.timeTitle')}
        help={t('insights.timeHelp', { range })}
        query={time}
        hasData={(d) => d.stages.some((s) => s.stays > 0 || s.openStays > 0)}
        chart={timeChart}
        table={timeTable}
      />
    </>
  );
}
