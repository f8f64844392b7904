// The forecast of a month or quarter: categories (closed, commit, best case, pipeline), weighted by stage
// probability and by each stage's historical conversion, per person or rolled up per team with the latest
// call; calling the forecast (system figure + adjustment, with a note; append-only, audited); and the
// accuracy of the weekly snapshots against what was actually won.
import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useElementSize, useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconHistory } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RolledCall } from '../../../core/analytics/calls.ts';
import { type PeriodFigure, periodDrill } from '../../../core/analytics/drill.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors.ts';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatMoneyCompact,
  formatNumber,
} from '../../lib/format.ts';
import {
  accuracySeries,
  canCall,
  drillHref,
  formatPeriod,
  formatRate,
  labelOf,
  managedTeamIds,
  rollupOrder,
} from '../../lib/insights.ts';
import { useTeams } from '../../lib/queries.ts';
import { fieldProblemText } from '../../lib/validate.ts';
import { type Accuracy, type ForecastReport, type Submission, useInsight } from './api.ts';
import { ChartCard, Figure } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import { forecastHasFigures, teamRowsEmpty } from './emptyState.ts';
import { callCell, chartLayout } from './forecastView.ts';
import type { InsightParams } from './params.ts';

type Row = ForecastReport['rows'][number];
/** Amounts stay on one line: a wrapped "-¥500,000" leaves its minus sign alone on the line above. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const CATEGORIES = [
  ['won', 'closed', 'closed'],
  ['commit', 'commit', 'commit'],
  ['best_case', 'bestCase', 'best_case'],
  ['pipeline', 'pipeline', 'pipeline'],
] as const satisfies readonly (readonly [PeriodFigure, keyof Row, keyof typeof SERIES_COLORS])[];

function CallModal({
  row,
  period,
  groupBy,
  onClose,
}: {
  row: Row | null;
  period: string;
  groupBy: 'owner' | 'team';
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [adjustment, setAdjustment] = useState<string | number>(0);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const currency = me.organization.defaultCurrency;
  const lang = i18n.language;
  const system = row ? row.commit + row.closed : 0;
  const adj = Number(adjustment) || 0;
  // The server refuses a call below 0 (as it refuses a negative amount); say so before sending it.
  const belowZero = system + adj < 0;
  const submit = async () => {
    if (!row || belowZero) return;
    setSaving(true);
    try {
      await api.post<Submission>('/forecast/submissions', {
        period,
        ...(groupBy === 'team' ? { teamId: row.key } : {}),
        adjustment: adj,
        note: note.trim() || null,
      });
      await qc.invalidateQueries({ queryKey: ['insights'] });
      notifySaved(t, t('insights.callSaved'));
      setAdjustment(0);
      setNote('');
      onClose();
    } catch (err) {
      notifyError(err, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      opened={!!row}
      onClose={onClose}
      title={t('insights.callTitle', { name: row?.label ?? '', period: formatPeriod(period, lang) })}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('insights.callSystem', { amount: formatMoney(system, currency, lang) })}</Text>
          <NumberInput
            label={t('insights.adjustment')}
            description={t('insights.adjustmentHelp')}
            value={adjustment}
            onChange={setAdjustment}
            thousandSeparator=","
            decimalScale={2}
            error={
              belowZero
                ? fieldProblemText({
                    code: 'call_below_zero',
                    params: { minimum: formatMoney(-system, currency, lang) },
                  })
                : undefined
            }
            data-autofocus
          />
          <Text size="sm" fw={600} data-testid="call-amount">
            {t('insights.callAmount', { amount: formatMoney(system + adj, currency, lang) })}
          </Text>
          <Textarea
            label={t('insights.callNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving} disabled={belowZero}>
              {t('insights.submitCall')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Calling the forecast from the card's summary, so it is there in the chart view (the default) as in the
 * table: one button when the user may call one row (their own, or their one team), else a menu of them.
 */
function CallAction({ rows, onCall }: { rows: (Row & { depth: number })[]; onCall: (row: Row) => void }) {
  const { t } = useTranslation();
  const none = t('insights.noTeam');
  const first = rows[0];
  if (!first) return null;
  if (rows.length === 1)
    return (
      <Button
        size="xs"
        variant="light"
        onClick={() => onCall(first)}
        data-testid="call-action"
        aria-label={
          first.submission ? t('insights.updateCallNamed', { name: labelOf(first, none) }) : undefined
        }
      >
        {first.submission
          ? t('insights.updateCall')
          : t('insights.callForNamed', { name: labelOf(first, none) })}
      </Button>
    );
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <Button
          size="xs"
          variant="light"
          rightSection={<IconChevronDown size={14} />}
          data-testid="call-action"
        >
          {t('insights.callButton')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {rows.map((r) => (
          <Menu.Item key={r.key ?? 'none'} onClick={() => onCall(r)} pl={12 + r.depth * 14}>
            {r.submission ? t('insights.updateCallNamed', { name: labelOf(r, none) }) : labelOf(r, none)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A row's latest call in the table: its own call as a badge (who, when, adjustment and note on hover), or
 * the roll-up of the calls below it, marked as such, in the table's compact format.
 */
function LatestCallCell({ call, submission }: { call: RolledCall | null; submission: Submission | null }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const cell = callCell(call, currency, lang);
  if (!cell) return <>—</>;
  if (cell.rollup !== null)
    return (
      <Tooltip label={t('insights.callRollupHint', { count: cell.rollup })} multiline w={260}>
        <Stack gap={0} align="flex-end" tabIndex={0} style={{ cursor: 'help' }} data-testid="call-rollup">
          <Text span size="sm" style={NOWRAP}>
            {cell.amount}
          </Text>
          <Text span size="xs" c="dimmed" style={NOWRAP}>
            {t('insights.callRollup', { count: cell.rollup })}
          </Text>
        </Stack>
      </Tooltip>
    );
  return (
    <Tooltip
      label={
        submission
          ? t('insights.callDetail', {
              by: submission.submittedBy.name ?? '—',
              when: formatDateTime(submission.createdAt, lang),
              adjustment: formatMoney(submission.adjustment, currency, lang),
              note: submission.note ?? '',
            })
          : ''
      }
      disabled={!submission}
      multiline
      w={280}
    >
      <Badge variant="light" size="md" style={{ cursor: 'help', ...NOWRAP }} tabIndex={0}>
        {cell.amount}
      </Badge>
    </Tooltip>
  );
}

/** The latest call of a row the user may call, in the banner above the chart: amount, who, when, note. */
function LatestCallLine({ row }: { row: Row }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const s = row.submission;
  if (!s) return null;
  return (
    <Text size="sm" data-testid="latest-call">
      {t('insights.latestCallOf', {
        name: labelOf(row, t('insights.noTeam')),
        amount: formatMoneyCompact(s.amount, me.organization.defaultCurrency, lang),
        by: s.submittedBy.name ?? '—',
        when: formatDateTime(s.createdAt, lang),
      })}
      {s.note ? (
        <Text span size="sm" c="dimmed">
          {` · ${s.note}`}
        </Text>
      ) : null}
    </Text>
  );
}

/**
 * Above the chart (the default view) as above the table: the latest call of each row the user may call,
 * with the action to call or update it; the hint until there is a call.
 */
function CallBanner({ rows, onCall }: { rows: (Row & { depth: number })[]; onCall: (row: Row) => void }) {
  const { t } = useTranslation();
  const called = rows.filter((r) => r.submission);
  return (
    <Alert variant="light" color="blue" p="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 280px' }}>
          {called.length ? (
            called.map((r) => <LatestCallLine key={r.key ?? 'none'} row={r} />)
          ) : (
            <Text size="xs">{t('insights.callHint')}</Text>
          )}
        </Stack>
        <CallAction rows={rows} onCall={onCall} />
      </Group>
    </Alert>
  );
}

function CallsHistory({ period, opened, onClose }: { period: string; opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const list = useQuery({
    queryKey: ['insights', 'submissions', period],
    queryFn: ({ signal }) =>
      api.get<{ items: Submission[] }>('/forecast/submissions', { period, limit: 200 }, signal),
    enabled: opened,
  });
  const money = (x: number) => formatMoney(x, me.organization.defaultCurrency, lang);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={t('insights.callsTitle', { period: formatPeriod(period, lang) })}
    >
      {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {list.isError && <Text c="red">{errorMessage(list.error, t)}</Text>}
      {list.data && !list.data.items.length && <Text c="dimmed">{t('insights.noCalls')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={4} data-testid="forecast-calls">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('insights.callWhen')}</Table.Th>
                <Table.Th>{t('insights.callFor')}</Table.Th>
                <Table.Th>{t('insights.callBy')}</Table.Th>
                <Table.Th ta="right">{t('insights.systemFigure')}</Table.Th>
                <Table.Th ta="right">{t('insights.adjustment')}</Table.Th>
                <Table.Th ta="right">{t('insights.callAmountHeading')}</Table.Th>
                <Table.Th>{t('insights.callNote')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td style={NOWRAP}>{formatDateTime(s.createdAt, lang)}</Table.Td>
                  <Table.Td>{s.subjectName ?? '—'}</Table.Td>
                  <Table.Td>{s.submittedBy.name ?? '—'}</Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(s.systemAmount)}
                  </Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(s.adjustment)}
                  </Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(s.amount)}
                  </Table.Td>
                  <Table.Td>{s.note ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}

/** The accuracy answer, with whether each period is over (until then nothing is scored). */
type AccuracyReport = Omit<Accuracy, 'rows'> & {
  rows: (Accuracy['rows'][number] & { ended: boolean })[];
};

/**
 * With this few weekly points, draw each one: a line needs two, and the demo (or a new period) has one
 * snapshot, which a symbol-less series would not show at all.
 */
const FEW_POINTS = 4;

function AccuracyCard({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  // The period chosen for the forecast above, not the month range of the other tabs.
  const query = useInsight<AccuracyReport>('/forecast/accuracy', { period: p.period });
  const { ref: chartBox, width: chartWidth } = useElementSize();
  const row = query.data?.rows.find((r) => r.period === p.period);
  const period = formatPeriod(p.period, lang);
  const money = (x: number) => formatMoneyCompact(x, currency, lang);
  const actualLabel = row && !row.ended ? t('insights.wonSoFar') : t('insights.actualWon');
  // An unfinished period has no score yet: say so rather than show a blank or a figure against days of it.
  const score = (x: number | null) =>
    row && !row.ended ? (
      <Text span size="sm" c="dimmed">
        {t('insights.inProgress')}
      </Text>
    ) : (
      formatRate(x, lang)
    );
  return (
    <ChartCard
      testId="forecast-accuracy"
      title={t('insights.accuracyTitle', { period })}
      help={t('insights.accuracyHelp')}
      query={query}
      empty={{ title: t('insights.noSnapshotsTitle'), text: t('insights.noSnapshotsText', { period }) }}
      hasData={(d) => d.rows.some((r) => r.period === p.period)}
      summary={() =>
        row ? (
          <Group gap="xl" align="flex-end">
            <Figure label={actualLabel} value={money(row.actualWon)} />
            {!row.ended && (
              <Badge variant="light" color="gray" data-testid="accuracy-in-progress">
                {t('insights.inProgress')}
              </Badge>
            )}
          </Group>
        ) : null
      }
      chart={() => {
        if (!row) return null;
        const s = accuracySeries(row);
        const weeks = s.weeks.map((w) => formatDate(w, lang));
        const few = s.weeks.length < FEW_POINTS;
        const layout = chartLayout(chartWidth, [
          t('insights.commitCall'),
          t('insights.weighted'),
          t('insights.historical'),
          actualLabel,
        ]);
        const option: ChartOption = {
          grid: layout.grid,
          legend: layout.legend,
          tooltip: { trigger: 'axis', confine: true },
          xAxis: { type: 'category', data: weeks, axisLabel: { hideOverlap: true } },
          yAxis: {
            type: 'value',
            splitNumber: layout.narrow ? 4 : 5,
            axisLabel: { formatter: (v: number) => money(v) },
          },
          series: [
            { name: t('insights.commitCall'), type: 'line', color: SERIES_COLORS.commit, data: s.call },
            { name: t('insights.weighted'), type: 'line', color: SERIES_COLORS.weighted, data: s.weighted },
            {
              name: t('insights.historical'),
              type: 'line',
              color: SERIES_COLORS.historical,
              data: s.historical,
            },
            {
              name: actualLabel,
              type: 'line',
              color: SERIES_COLORS.actual,
              lineStyle: { type: 'dashed' },
              // A constant: a dashed line once there are enough weeks to draw one, else its points.
              symbol: few ? 'rect' : 'none',
              symbolSize: 10,
              data: s.actual,
            },
          ],
        };
        return (
          <div ref={chartBox}>
            <EChart
              testId="accuracy-chart"
              option={option}
              height={260 + layout.grid.top - 38}
              label={t('insights.accuracyChartLabel', {
                period,
                actualLabel,
                actual: money(row.actualWon),
                weeks: s.weeks.map((w, i) => `${formatDate(w, lang)} ${money(s.call[i]!)}`).join(', '),
              })}
            />
          </div>
        );
      }}
      table={() => (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={4} data-testid="accuracy-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('insights.week')}</Table.Th>
                <Table.Th ta="right">{t('insights.commitCall')}</Table.Th>
                <Table.Th ta="right">{t('insights.weighted')}</Table.Th>
                <Table.Th ta="right">{actualLabel}</Table.Th>
                <Table.Th ta="right">{t('insights.commitAccuracy')}</Table.Th>
                <Table.Th ta="right">{t('insights.weightedAccuracy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(row?.snapshots ?? []).map((s) => (
                <Table.Tr key={s.weekStart}>
                  <Table.Td>{formatDate(s.weekStart, lang)}</Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(s.commit + s.closed)}
                  </Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(s.weighted)}
                  </Table.Td>
                  <Table.Td ta="right" style={NOWRAP}>
                    {money(row!.actualWon)}
                  </Table.Td>
                  <Table.Td ta="right">{score(s.commitAccuracy)}</Table.Td>
                  <Table.Td ta="right">{score(s.weightedAccuracy)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    />
  );
}

export function ForecastPanel({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { teams } = useTeams();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const groupBy = p.rollup;
  const query = useInsight<ForecastReport>('/forecast', { period: p.period, groupBy });
  const [calling, setCalling] = useState<Row | null>(null);
  const [history, setHistory] = useState(false);
  const { ref: chartBox, width: chartWidth } = useElementSize();
  const phone = useMediaQuery('(max-width: 48em)');
  const managed = useMemo(() => managedTeamIds(me.user.id, teams), [me.user.id, teams]);
  const none = t('insights.noTeam');
  const money = (x: number) => formatMoneyCompact(x, currency, lang);
  const drill = (row: { key: string | null } | null, figure: PeriodFigure) =>
    periodDrill({ period: p.period, groupBy: row ? groupBy : 'none', key: row?.key ?? null, figure });
  const ordered = (d: ForecastReport) =>
    groupBy === 'team' ? rollupOrder(d.rows) : d.rows.map((r) => ({ ...r, depth: 0 }));
  const mayCall = (r: { key: string | null }) =>
    canCall({ id: me.user.id, role: me.user.role }, r, groupBy, managed);

  const chart = (d: ForecastReport) => {
    const rows = ordered(d);
    const names = rows.map((r) => `${'  '.repeat(r.depth)}${labelOf(r, none)}`);
    const layout = chartLayout(chartWidth, [
      ...CATEGORIES.map(([figure]) => t(`insights.category.${figure}`)),
      t('insights.weighted'),
      t('insights.historical'),
      t('insights.call'),
    ]);
    // Weighted and historical sit above and below the bar's middle, so close figures do not hide each
    // other; the call is a tall tick across the bar, like a target line.
    const marker = layout.narrow ? 9 : 12;
    const option: ChartOption = {
      grid: layout.grid,
      legend: layout.legend,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: {
        type: 'value',
        splitNumber: layout.splitNumber,
        axisLabel: { formatter: (v: number) => money(v), hideOverlap: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisLabel: { width: layout.nameWidth, overflow: 'truncate' },
      },
      series: [
        ...CATEGORIES.map(([figure, field, color]) => ({
          id: figure,
          name: t(`insights.category.${figure}`),
          type: 'bar' as const,
          stack: 'forecast',
          barMaxWidth: 26,
          color: SERIES_COLORS[color],
          data: rows.map((r) => r[field] as number),
        })),
        {
          id: 'weighted',
          name: t('insights.weighted'),
          type: 'line' as const,
          color: SERIES_COLORS.weighted,
          lineStyle: { opacity: 0 },
          symbol: 'diamond',
          symbolSize: marker,
          symbolOffset: [0, -marker / 2],
          data: rows.map((r) => Math.round(r.weighted)),
        },
        {
          id: 'historical',
          name: t('insights.historical'),
          type: 'line' as const,
          color: SERIES_COLORS.historical,
          lineStyle: { opacity: 0 },
          symbol: 'triangle',
          symbolSize: marker,
          symbolOffset: [0, marker / 2],
          data: rows.map((r) => Math.round(r.historical)),
        },
        {
          id: 'call',
          name: t('insights.call'),
          type: 'line' as const,
          color: SERIES_COLORS.call,
          lineStyle: { opacity: 0 },
          symbol: 'rect',
          symbolSize: [4, layout.narrow ? 22 : 28],
          data: rows.map((r) => (r.latestCall ? Math.round(r.latestCall.amount) : null)),
        },
      ],
    };
    return (
      <div ref={chartBox}>
        <EChart
          testId="forecast-chart"
          option={option}
          height={Math.max(180, 34 + layout.grid.top + rows.length * 40)}
          label={t('insights.forecastChartLabel', {
            period: formatPeriod(p.period, lang),
            rows: rows
              .map(
                (r) =>
                  `${labelOf(r, none)} ${money(r.commit + r.closed)} / ${money(r.weighted)}${
                    r.latestCall ? ` / ${t('insights.call')} ${money(r.latestCall.amount)}` : ''
                  }`,
              )
              .join(', '),
          })}
          onClick={(e) => {
            const figure = CATEGORIES.find(([f]) => f === e.seriesId)?.[0] ?? 'open';
            const q = drill(rows[e.dataIndex] ?? null, figure);
            if (q) navigate(drillHref(q));
          }}
        />
      </div>
    );
  };

  type TableRow = ReturnType<typeof ordered>[number] & { total?: true };
  const tableRows = (d: ForecastReport): TableRow[] => [
    ...ordered(d),
    {
      key: null,
      label: t('insights.total'),
      parentId: null,
      depth: 0,
      ...d.total,
      submission: null,
      latestCall: d.totalCall,
      total: true,
    },
  ];
  /** The cells of a row, shared by the table (desk) and the cards (phone). */
  const cells = (r: TableRow) => {
    const isTotal = !!r.total;
    const name = labelOf(r, none);
    const row = isTotal ? null : r;
    return {
      isTotal,
      name,
      deals: (
        <DrillLink q={r.deals ? drill(row, 'open') : null} what={`${name} · ${t('insights.openDeals')}`}>
          {formatNumber(r.deals, lang)}
        </DrillLink>
      ),
      categories: CATEGORIES.map(([f, field]) => ({
        f,
        node: (
          <DrillLink
            q={(r[field] as number) ? drill(row, f) : null}
            what={`${name} · ${t(`insights.category.${f}`)}`}
          >
            {money(r[field] as number)}
          </DrillLink>
        ),
      })),
      call: <LatestCallCell call={r.latestCall} submission={r.submission} />,
      action:
        !isTotal && mayCall(r) ? (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setCalling(r as Row)}
            aria-label={t(r.submission ? 'insights.updateCallNamed' : 'insights.callForNamed', { name })}
          >
            {r.submission ? t('insights.updateCall') : t('insights.callButton')}
          </Button>
        ) : null,
    };
  };

  // On a phone the ten columns do not fit: one card per row, its figures two by two.
  const cards = (d: ForecastReport) => (
    <Stack gap="xs" data-testid="forecast-table">
      {tableRows(d).map((r) => {
        const c = cells(r);
        const figures: [string, ReactNode][] = [
          [t('insights.deals'), c.deals],
          ...c.categories.map(({ f, node }) => [t(`insights.category.${f}`), node] as [string, ReactNode]),
          [t('insights.weighted'), money(r.weighted)],
          [t('insights.historical'), money(r.historical)],
        ];
        return (
          <Paper
            key={c.isTotal ? 'total' : (r.key ?? 'none')}
            withBorder
            p="xs"
            ml={r.depth * 12}
            data-testid="forecast-card-row"
          >
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={700} truncate>
                {c.name}
              </Text>
              {c.action}
            </Group>
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={2} mt={4}>
              {figures.map(([label, node]) => (
                <Group key={label} justify="space-between" gap={4} wrap="nowrap">
                  <Text size="xs" c="dimmed" truncate>
                    {label}
                  </Text>
                  <Text span size="sm" style={NOWRAP}>
                    {node}
                  </Text>
                </Group>
              ))}
            </SimpleGrid>
            {/* The call on a line of its own: a roll-up's caption needs the width. */}
            <Group justify="space-between" gap={4} wrap="nowrap" mt={2}>
              <Text size="xs" c="dimmed">
                {t('insights.call')}
              </Text>
              {c.call}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );

  const table = (d: ForecastReport) =>
    phone ? (
      cards(d)
    ) : (
      <Table.ScrollContainer minWidth={980}>
        <Table striped verticalSpacing={4} data-testid="forecast-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`insights.groupBy.${groupBy}`)}</Table.Th>
              <Table.Th ta="right">{t('insights.deals')}</Table.Th>
              {CATEGORIES.map(([f]) => (
                <Table.Th key={f} ta="right">
                  {t(`insights.category.${f}`)}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('insights.weighted')}</Table.Th>
              <Table.Th ta="right">{t('insights.historical')}</Table.Th>
              <Table.Th ta="right">{t('insights.call')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('quotas.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tableRows(d).map((r) => {
              const c = cells(r);
              return (
                <Table.Tr key={c.isTotal ? 'total' : (r.key ?? 'none')} fw={c.isTotal ? 700 : undefined}>
                  <Table.Td style={{ paddingInlineStart: 10 + r.depth * 18 }}>{c.name}</Table.Td>
                  <Table.Td ta="right">{c.deals}</Table.Td>
                  {c.categories.map(({ f, node }) => (
                    <Table.Td key={f} ta="right">
                      {node}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">{money(r.weighted)}</Table.Td>
                  <Table.Td ta="right">{money(r.historical)}</Table.Td>
                  <Table.Td ta="right">{c.call}</Table.Td>
                  <Table.Td ta="right">{c.action}</Table.Td>
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
        testId="forecast"
        title={t('insights.forecastTitle', { period: formatPeriod(p.period, lang) })}
        help={t('insights.forecastHelp')}
        query={query}
        empty={teamRowsEmpty(groupBy, me.user.role, !!query.data && forecastHasFigures(query.data.total), t)}
        hasData={(d) => d.rows.length > 0}
        actions={
          <Button
            size="xs"
            variant="default"
            leftSection={<IconHistory size={14} />}
            onClick={() => setHistory(true)}
          >
            {t('insights.callsButton')}
          </Button>
        }
        summary={(d) => (
          <Stack gap="xs">
            <Group gap="xl" wrap="wrap">
              {CATEGORIES.map(([f, field]) => (
                <Figure
                  key={f}
                  label={t(`insights.category.${f}`)}
                  value={
                    <DrillLink
                      q={d.total[field as keyof typeof d.total] ? drill(null, f) : null}
                      what={t(`insights.category.${f}`)}
                    >
                      {money(d.total[field as keyof typeof d.total])}
                    </DrillLink>
                  }
                />
              ))}
              <Figure
                label={t('insights.weighted')}
                value={money(d.total.weighted)}
                hint={t('insights.weightedHint')}
              />
              <Figure
                label={t('insights.historical')}
                value={money(d.total.historical)}
                hint={t('insights.historicalHint')}
              />
            </Group>
            {me.user.role === 'viewer' || me.user.role === 'enablement' ? null : (
              <CallBanner rows={ordered(d).filter(mayCall)} onCall={setCalling} />
            )}
          </Stack>
        )}
        chart={chart}
        table={table}
      />
      <AccuracyCard p={p} />
      <CallModal row={calling} period={p.period} groupBy={groupBy} onClose={() => setCalling(null)} />
      <CallsHistory period={p.period} opened={history} onClose={() => setHistory(false)} />
    </>
  );
}
