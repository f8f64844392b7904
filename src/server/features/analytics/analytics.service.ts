import { sql } from 'drizzle-orm';
import {
  type CycleTimeRow,
  compareKeyed,
  type FunnelStage,
  type GroupBy,
  histogramStats,
  mergeHistograms,
  NO_PRODUCT,
  rate,
  type TimeInStageRow,
  type VelocityGroupBy,
  type VelocityRow,
  type WinRateRow,
} from '../../../core/analytics/model.ts';
import { addMonths } from '../../../core/analytics/periods.ts';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../http/errors.ts';
import {
  cycleHistograms,
  firstMonth,
  loadDirectory,
  loadNames,
  loadPipelineStages,
  type OutcomeAgg,
  openTotals,
  outcomeTotals,
  type ReadScope,
  readScope,
  rebuildAnalyticsSql,
  resolvePipeline,
  stageTotals,
} from './analytics.repo.ts';

export type MonthRange = { from: string; to: string };

/** [from, to] in months; by default the twelve months up to the current one. */
export function resolveRange(now: Date, from?: string, to?: string): MonthRange {
  const current = now.toISOString().slice(0, 7);
  const end = to ?? (from && from > current ? from : current);
  const start = from ?? addMonths(end, -11);
  if (start > end) throw invalid([fieldError('from', 'not_after', { other: 'to' })]);
  return { from: start, to: end };
}

/**
 * Labels of grouping keys: names of owners, teams, pipelines, products; months label themselves. No team
 * (null) and no product have none: the app says it in the reader's language.
 */
export async function labelsFor(
  db: DbOrTx,
  orgId: string,
  groupBy: GroupBy | VelocityGroupBy,
  keys: (string | null)[],
): Promise<(key: string | null) => string | null> {
  const ids = keys.filter((k): k is string => k !== null && k !== NO_PRODUCT);
  if (groupBy === 'owner' || groupBy === 'team') {
    const dir = await loadDirectory(db, orgId);
    return (k) => (k === null ? null : ((groupBy === 'owner' ? dir.users : dir.teams).get(k)?.name ?? null));
  }
  if (groupBy === 'pipeline' || groupBy === 'product') {
    const names = await loadNames(db, orgId, groupBy === 'pipeline' ? 'pipelines' : 'products', ids);
    return (k) => (k === null ? null : (names.get(k) ?? null));
  }
  return (k) => k;
}

function winRateFigures(a: OutcomeAgg | undefined): Omit<WinRateRow, 'key' | 'label'> {
  const won = a?.won ?? 0;
  const lost = a?.lost ?? 0;
  const noDecision = a?.no_decision ?? 0;
  return {
    won,
    lost,
    noDecision,
    wonAmount: a?.won_amount ?? 0,
    winRate: rate(won, won + lost),
    winRateInclNoDecision: rate(won, won + lost + noDecision),
  };
}

type RangeOpts = { db: Db; actor: Actor; now: Date; from?: string; to?: string; pipelineId?: string };

/** Win / loss / no-decision counts and rates of deals closed in the range, by owner, team, pipeline, product or month. */
export async function winRates(opts: RangeOpts & { groupBy: GroupBy }) {
  const { db, actor, groupBy, pipelineId } = opts;
  const range = resolveRange(opts.now, opts.from, opts.to);
  const scope = readScope(actor);
  const [grouped, [total]] = await Promise.all([
    outcomeTotals(db, scope, { groupBy, ...range, pipelineId }),
    outcomeTotals(db, scope, { groupBy: 'none', ...range, pipelineId }),
  ]);
  const label = await labelsFor(
    db,
    actor.orgId,
    groupBy,
    grouped.map((r) => r.key),
  );
  const rows: WinRateRow[] = grouped
    .map((r) => ({ key: r.key, label: label(r.key), ...winRateFigures(r) }))
    .sort(compareKeyed(groupBy));
  return { ...range, groupBy, rows, total: winRateFigures(total) };
}

/** Mean and median days from created to closed of deals won in the range. */
export async function cycleTime(opts: RangeOpts & { groupBy: GroupBy }) {
  const { db, actor, groupBy, pipelineId } = opts;
  const range = resolveRange(opts.now, opts.from, opts.to);
  const scope = readScope(actor);
  const q = { ...range, pipelineId };
  // A deal is in one group of every grouping but product (a deal with several products is in each of
  // theirs): there the total is the groups' histograms added up, not a second scan of the summary.
  const [histograms, whole] = await Promise.all([
    cycleHistograms(db, scope, { groupBy, ...q }),
    groupBy === 'product' ? cycleHistograms(db, scope, { groupBy: 'none', ...q }) : undefined,
  ]);
  const grouped = histograms.map((h) => ({ key: h.key, ...histogramStats(h.values, h.counts) }));
  const all = whole ? whole[0] : mergeHistograms(histograms);
  const total = all && histogramStats(all.values, all.counts);
  const label = await labelsFor(
    db,
    actor.orgId,
    groupBy,
    grouped.map((r) => r.key),
  );
  const rows: CycleTimeRow[] = grouped
    .map((r) => ({ key: r.key, label: label(r.key), won: r.won, meanDays: r.mean, medianDays: r.median }))
    .sort(compareKeyed(groupBy));
  return {
    ...range,
    groupBy,
    rows,
    total: { won: total?.won ?? 0, meanDays: total?.mean ?? null, medianDays: total?.median ?? null },
  };
}

async function pipelineOf(db: Db, actor: Actor, pipelineId: string | undefined): Promise<string> {
  const id = await resolvePipeline(db, actor.orgId, pipelineId);
  if (!id) throw notFound('pipeline');
  return id;
}

/**
 * The funnel of a pipeline for the deals created in the range: per stage, the deals that reached it (it or
 * a later stage), entered it, and of those how many were won and closed; conversion to the next stage.
 */
export async function funnel(opts: Omit<RangeOpts, 'pipelineId'> & { pipeline?: string }) {
  const { db, actor } = opts;
  const range = resolveRange(opts.now, opts.from, opts.to);
  const pipelineId = await pipelineOf(db, actor, opts.pipeline);
  const [stages, totals] = await Promise.all([
    loadPipelineStages(db, actor.orgId, pipelineId),
    stageTotals(db, readScope(actor), { pipelineId, ...range }),
  ]);
  const byStage = new Map(totals.map((t) => [t.stage_id, t]));
  const rows: FunnelStage[] = stages.map((s) => {
    const t = byStage.get(s.id);
    return {
      stageId: s.id,
      position: s.position,
      nameEn: s.name_en,
      nameZh: s.name_zh,
      retiredAt: s.retired_at,
      reached: t?.reached ?? 0,
      entered: t?.entered ?? 0,
      won: t?.reached_won ?? 0,
      closed: t?.reached_closed ?? 0,
      conversionToNext: null,
      winRate: rate(t?.reached_won ?? 0, t?.reached_closed ?? 0),
    };
  });
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    r.conversionToNext = next ? rate(next.reached, r.reached) : null;
  });
  return { pipelineId, ...range, stages: rows };
}

/** Completed stays per stage (count, mean days) and stays still running, for deals created in the range. */
export async function timeInStage(opts: Omit<RangeOpts, 'pipelineId'> & { pipeline?: string }) {
  const { db, actor } = opts;
  const range = resolveRange(opts.now, opts.from, opts.to);
  const pipelineId = await pipelineOf(db, actor, opts.pipeline);
  const [stages, totals] = await Promise.all([
    loadPipelineStages(db, actor.orgId, pipelineId),
    stageTotals(db, readScope(actor), { pipelineId, ...range }),
  ]);
  const byStage = new Map(totals.map((t) => [t.stage_id, t]));
  const rows: TimeInStageRow[] = stages.map((s) => {
    const t = byStage.get(s.id);
    const stays = t?.stays ?? 0;
    return {
      stageId: s.id,
      position: s.position,
      nameEn: s.name_en,
      nameZh: s.name_zh,
      retiredAt: s.retired_at,
      expectedDays: s.expected_days,
      stays,
      meanDays: stays ? (t?.stay_ms ?? 0) / stays / 86_400_000 : null,
      openStays: t?.open_stays ?? 0,
    };
  });
  return { pipelineId, ...range, stages: rows };
}

/** The sums of some numeric fields over rows. */
function sumOf<K extends string>(rows: readonly Record<K, number>[], keys: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const r of rows) for (const k of keys) out[k] += r[k];
  return out;
}

function velocityFigures(
  open: { deals: number; amount: number } | undefined,
  closed: Pick<OutcomeAgg, 'won' | 'lost' | 'won_amount' | 'won_cycle_days'> | undefined,
): Omit<VelocityRow, 'key' | 'label'> {
  const won = closed?.won ?? 0;
  const lost = closed?.lost ?? 0;
  const winRate = rate(won, won + lost);
  const avgWonAmount = won ? (closed?.won_amount ?? 0) / won : null;
  const meanCycleDays = won ? (closed?.won_cycle_days ?? 0) / won : null;
  const openDeals = open?.deals ?? 0;
  return {
    openDeals,
    openAmount: open?.amount ?? 0,
    won,
    lost,
    winRate,
    avgWonAmount,
    meanCycleDays,
    velocityPerDay:
      winRate !== null && avgWonAmount !== null && meanCycleDays !== null && meanCycleDays > 0
        ? (openDeals * winRate * avgWonAmount) / meanCycleDays
        : null,
  };
}

async function openByKey(db: Db, scope: ReadScope, groupBy: string, pipelineId?: string) {
  const out = new Map<string | null, { deals: number; amount: number }>();
  for (const r of await openTotals(db, scope, { groupBy, pipelineId })) {
    const cur = out.get(r.key) ?? { deals: 0, amount: 0 };
    cur.deals += r.deals;
    cur.amount += r.amount;
    out.set(r.key, cur);
  }
  return out;
}

/**
 * Pipeline velocity: open deals × win rate × average won amount ÷ mean cycle days (expected won amount per
 * day), with win rate, size and cycle from the deals closed in the range.
 */
export async function velocity(opts: RangeOpts & { groupBy: VelocityGroupBy }) {
  const { db, actor, groupBy, pipelineId } = opts;
  const range = resolveRange(opts.now, opts.from, opts.to);
  const scope = readScope(actor);
  // Owners, teams (the owner's) and pipelines each split the deals without overlap, so the total is the
  // sum of the groups: two queries, not four.
  const [open, closed] = await Promise.all([
    openByKey(db, scope, groupBy, pipelineId),
    outcomeTotals(db, scope, { groupBy, ...range, pipelineId }),
  ]);
  const total = velocityFigures(
    sumOf([...open.values()], ['deals', 'amount']),
    sumOf(closed, ['won', 'lost', 'no_decision', 'won_amount', 'won_cycle_days']),
  );
  if (groupBy === 'none') return { ...range, groupBy, rows: [], total };
  const closedBy = new Map(closed.map((c) => [c.key, c]));
  const keys = [...new Set([...open.keys(), ...closedBy.keys()])];
  const label = await labelsFor(db, actor.orgId, groupBy, keys);
  const rows: VelocityRow[] = keys
    .map((k) => ({ key: k, label: label(k), ...velocityFigures(open.get(k), closedBy.get(k)) }))
    .sort(compareKeyed(groupBy));
  return { ...range, groupBy, rows, total };
}

/** How far back the actor's range analytics have deals: the month choices of the dashboards start there. */
export async function extent(opts: { db: Db; actor: Actor }) {
  return { firstMonth: await firstMonth(opts.db, readScope(opts.actor)) };
}

/**
 * Recomputes the organization's analytics summaries from the raw records. For bulk loads (imports, the
 * large demo): run the load with `SET LOCAL winpath.analytics = 'off'` (the per-statement maintenance
 * skipped), then call this in the same transaction. Writers of deals wait while it runs.
 */
export async function rebuildAnalytics(opts: { db: DbOrTx; orgId: string }): Promise<void> {
  await opts.db.transaction(async (tx) => {
    // Sorting and hashing a million deals' stage history wants more than the default 4 MB.
    await tx.execute(sql`SELECT set_config('work_mem', '256MB', true)`);
    await rebuildAnalyticsSql(tx, opts.orgId);
  });
}

/** The admin trigger of a rebuild. */
export async function rebuildAnalyticsFor(opts: { db: Db; actor: Actor; now: Date }) {
  if (!opts.actor.isAdmin) throw forbidden('Only admins rebuild the analytics.');
  const started = Date.now();
  await rebuildAnalytics({ db: opts.db, orgId: opts.actor.orgId });
  return { rebuiltAt: opts.now.toISOString(), seconds: (Date.now() - started) / 1000 };
}
