// The forecast of a month or quarter: categories (closed, commit, best case, pipeline), weighted by stage
// probability and by each stage's historical conversion, per person or rolled up per team with the latest
// call; calling the forecast (system figure + adjustment, with a note; append-only, audited); and the
// accuracy of the weekly snapshots against what was actually won.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type PeriodFigure, periodDrill } from '../../../core/analytics/drill.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { type ChartOption, EChart } from '../../components/charts/EChart.tsx';
import { Money } from '../../components/display.tsx';
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
import { type Accuracy, type ForecastReport, type Submission, useInsight } from './api.ts';
import { ChartCard, Figure } from './ChartCard.tsx';
import { SERIES_COLORS } from './colors.ts';
import { DrillLink } from './DrillLink.tsx';
import type { InsightParams } from './params.ts';

type Row = ForecastReport['rows'][number];
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
  const submit = async () => {
    if (!row) return;
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
            <Button type="submit" loading={saving}>
              {t('insights.submitCall')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
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
          <Table striped verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('insights.callWhen')}</Table.Th>
                <Table.Th>{t('insights.callFor')}</Table.Th>
                <Table.Th>{t('insights.callBy')}</Table.Th>
                <Table.Th ta="right">{t('insights.systemFigure')}</Table.Th>
                <Table.Th ta="right">{t('insights.adjustment')}</Table.Th>
                <Table.Th ta="right">{t('insights.call')}</Table.Th>
                <Table.Th>{t('insights.callNote')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{formatDateTime(s.createdAt, lang)}</Table.Td>
                  <Table.Td>{s.subjectName ?? '—'}</Table.Td>
                  <Table.Td>{s.submittedBy.name ?? '—'}</Table.Td>
                  <Table.Td ta="right">{money(s.systemAmount)}</Table.Td>
                  <Table.Td ta="right">{money(s.adjustment)}</Table.Td>
                  <Table.Td ta="right">{money(s.amount)}</Table.Td>
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

function AccuracyCard({ p }: { p: InsightParams }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;
  const kind = p.period.includes('Q') ? 'quarter' : 'month';
  const query = useInsight<Accuracy>('/forecast/accuracy', { kind, from: p.from, to: p.to });
  const [chosen, setChosen] = useState<string | null>(null);
  const rows = query.data?.rows ?? [];
  const row = rows.find((r) => r.period === chosen) ?? rows.at(-1);
  const money = (x: number) => formatMoneyCompact(x, currency, lang);
  return (
    <ChartCard
      testId="forecast-accuracy"
      title={t('insights.accuracyTitle')}
      help={t('insights.accuracyHelp')}
      query={query}
      empty={{ title: t('insights.noSnapshotsTitle'), text: t('insights.noSnapshotsText') }}
      hasData={(d) => d.rows.length > 0}
      actions={
        rows.length > 1 && (
          <Select
            size="xs"
            w={150}
            aria-label={t('insights.period')}
            data={rows.map((r) => ({ value: r.period, label: formatPeriod(r.period, lang) }))}
            value={row?.period ?? null}
            onChange={setChosen}
            allowDeselect={false}
          />
        )
      }
      chart={() => {
        if (!row) return null;
        const s = accuracySeries(row);
        const weeks = s.weeks.map((w) => formatDate(w, lang));
        const option: ChartOption = {
          grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: weeks },
          yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
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
              name: t('insights.actualWon'),
              type: 'line',
              color: SERIES_COLORS.actual,
              lineStyle: { type: 'dashed' },
              symbol: 'none',
              data: s.actual,
            },
          ],
        };
        return (
          <EChart
            option={option}
            height={260}
            label={t('insights.accuracyChartLabel', {
              period: formatPeriod(row.period, lang),
              actual: money(row.actualWon),
              weeks: s.weeks.map((w, i) => `${formatDate(w, lang)} ${money(s.call[i]!)}`).join(', '),
            })}
          />
        );
      }}
      table={(d) => (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('insights.period')}</Table.Th>
                <Table.Th>{t('insights.week')}</Table.Th>
                <Table.Th ta="right">{t('insights.commitCall')}</Table.Th>
                <Table.Th ta="right">{t('insights.weighted')}</Table.Th>
                <Table.Th ta="right">{t('insights.actualWon')}</Table.Th>
                <Table.Th ta="right">{t('insights.commitAccuracy')}</Table.Th>
                <Table.Th ta="right">{t('insights.weightedAccuracy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.rows.flatMap((r) =>
                r.snapshots.map((s) => (
                  <Table.Tr key={`${r.period}-${s.weekStart}`}>
                    <Table.Td>{formatPeriod(r.period, lang)}</Table.Td>
                    <Table.Td>{formatDate(s.weekStart, lang)}</Table.Td>
                    <Table.Td ta="right">{money(s.commit + s.closed)}</Table.Td>
                    <Table.Td ta="right">{money(s.weighted)}</Table.Td>
                    <Table.Td ta="right">{money(r.actualWon)}</Table.Td>
                    <Table.Td ta="right">{formatRate(s.commitAccuracy, lang)}</Table.Td>
                    <Table.Td ta="right">{formatRate(s.weightedAccuracy, lang)}</Table.Td>
                  </Table.Tr>
                )),
              )}
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
  const managed = useMemo(() => managedTeamIds(me.user.id, teams), [me.user.id, teams]);
  const none = t('insights.noTeam');
  const money = (x: number) => formatMoneyCompact(x, currency, lang);
  const drill = (row: { key: string | null } | null, figure: PeriodFigure) =>
    periodDrill({ period: p.period, groupBy: row ? groupBy : 'none', key: row?.key ?? null, figure });
  const ordered = (d: ForecastReport) =>
    groupBy === 'team' ? rollupOrder(d.rows) : d.rows.map((r) => ({ ...r, depth: 0 }));

  const chart = (d: ForecastReport) => {
    const rows = ordered(d);
    const names = rows.map((r) => `${'  '.repeat(r.depth)}${labelOf(r, none)}`);
    const option: ChartOption = {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: names,
        axisLabel: { width: 200, overflow: 'truncate' },
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
          symbolSize: 12,
          data: rows.map((r) => Math.round(r.weighted)),
        },
        {
          id: 'historical',
          name: t('insights.historical'),
          type: 'line' as const,
          color: SERIES_COLORS.historical,
          lineStyle: { opacity: 0 },
          symbol: 'triangle',
          symbolSize: 12,
          data: rows.map((r) => Math.round(r.historical)),
        },
      ],
    };
    return (
      <EChart
        testId="forecast-chart"
        option={option}
        height={Math.max(180, 70 + rows.length * 40)}
        label={t('insights.forecastChartLabel', {
          period: formatPeriod(p.period, lang),
          rows: rows
            .map((r) => `${labelOf(r, none)} ${money(r.commit + r.closed)} / ${money(r.weighted)}`)
            .join(', '),
        })}
        onClick={(e) => {
          const figure = CATEGORIES.find(([f]) => f === e.seriesId)?.[0] ?? 'open';
          const q = drill(rows[e.dataIndex] ?? null, figure);
          if (q) navigate(drillHref(q));
        }}
      />
    );
  };

  const table = (d: ForecastReport) => (
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
          {[
            ...ordered(d),
            {
              key: null,
              label: t('insights.total'),
              parentId: null,
              depth: 0,
              ...d.total,
              submission: null,
              total: true,
            },
          ].map((r) => {
            const isTotal = 'total' in r;
            const name = labelOf(r, none);
            const row = isTotal ? null : r;
            return (
              <Table.Tr key={isTotal ? 'total' : (r.key ?? 'none')} fw={isTotal ? 700 : undefined}>
                <Table.Td style={{ paddingInlineStart: 10 + r.depth * 18 }}>{name}</Table.Td>
                <Table.Td ta="right">
                  <DrillLink
                    q={r.deals ? drill(row, 'open') : null}
                    what={`${name} · ${t('insights.openDeals')}`}
                  >
                    {formatNumber(r.deals, lang)}
                  </DrillLink>
                </Table.Td>
                {CATEGORIES.map(([f, field]) => (
                  <Table.Td key={f} ta="right">
                    <DrillLink
                      q={(r[field] as number) ? drill(row, f) : null}
                      what={`${name} · ${t(`insights.category.${f}`)}`}
                    >
                      {money(r[field] as number)}
                    </DrillLink>
                  </Table.Td>
                ))}
                <Table.Td ta="right">{money(r.weighted)}</Table.Td>
                <Table.Td ta="right">{money(r.historical)}</Table.Td>
                <Table.Td ta="right">
                  {r.submission ? (
                    <Tooltip
                      label={t('insights.callDetail', {
                        by: r.submission.submittedBy.name ?? '—',
                        when: formatDateTime(r.submission.createdAt, lang),
                        adjustment: formatMoney(r.submission.adjustment, currency, lang),
                        note: r.submission.note ?? '',
                      })}
                      multiline
                      w={280}
                    >
                      <Badge variant="light" size="md" style={{ cursor: 'help' }} tabIndex={0}>
                        <Money amount={r.submission.amount} currency={currency} />
                      </Badge>
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {!isTotal && canCall({ id: me.user.id, role: me.user.role }, r, groupBy, managed) && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => setCalling(r as Row)}
                      aria-label={t('insights.callForNamed', { name })}
                    >
                      {t('insights.callButton')}
                    </Button>
                  )}
                </Table.Td>
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
              <Alert variant="light" color="blue" p="xs">
                <Text size="xs">{t('insights.callHint')}</Text>
              </Alert>
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
