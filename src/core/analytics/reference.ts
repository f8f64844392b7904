import {
  type AnalyticsScope,
  type CycleTimeRow,
  compareKeyed,
  type DealStatus,
  type ForecastCategory,
  type ForecastFigures,
  type ForecastRow,
  type FunnelStage,
  type GroupBy,
  medianOfSorted,
  NO_PRODUCT,
  type QuotaRow,
  type RollupGroupBy,
  rate,
  type StageConversion,
  type TimeInStageRow,
  type VelocityGroupBy,
  type VelocityRow,
  type WinRateRow,
  ZERO_FIGURES,
} from './model.ts';
import { dateOf, daysBetween, monthOf, type Period, proratedQuota } from './periods.ts';

/**
 * The reference implementation of every analytic: plain loops over the raw records, no summaries, no
 * cleverness. The server computes the same answers from maintained summary tables; a property test holds
 * the two equal on random data.
 */

export type RefDeal = {
  id: string;
  ownerId: string;
  memberIds: string[];
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  amount: number;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO date. */
  closedAt: string | null;
  expectedCloseDate: string | null;
  forecastCategory: ForecastCategory;
  productIds: string[];
};
export type RefPeriod = {
  opportunityId: string;
  pipelineId: string;
  stageId: string;
  enteredAt: string;
  leftAt: string | null;
};
export type RefStage = {
  id: string;
  pipelineId: string;
  position: number;
  probability: number;
  nameEn: string;
  nameZh: string;
  expectedDays: number;
  /** ISO timestamp (UTC, milliseconds); null: active. Retiring changes no figure: the answers only say it. */
  retiredAt: string | null;
};
export type RefQuota = {
  userId: string | null;
  teamId: string | null;
  periodStart: string;
  periodEnd: string;
  amount: number;
};
/** One organization's live (not deleted) records. */
export type AnalyticsData = {
  deals: RefDeal[];
  periods: RefPeriod[];
  stages: RefStage[];
  users: { id: string; name: string; teamId: string | null }[];
  teams: { id: string; name: string; parentId: string | null }[];
  pipelines: { id: string; name: string }[];
  products: { id: string; name: string }[];
  /** No two of a subject overlap in time (`quotasOverlap`): the figures add up a subject's quotas. */
  quotas: RefQuota[];
};

export function visibleDeals(data: AnalyticsData, scope: AnalyticsScope): RefDeal[] {
  const users = scope.userIds;
  if (!users) return data.deals;
  return data.deals.filter((d) => users.includes(d.ownerId) || d.memberIds.some((m) => users.includes(m)));
}

const inRange = (month: string, from: string, to: string) => month >= from && month <= to;

function teamOf(data: AnalyticsData, userId: string): string | null {
  return data.users.find((u) => u.id === userId)?.teamId ?? null;
}

function keysOf(data: AnalyticsData, d: RefDeal, groupBy: GroupBy): (string | null)[] {
  switch (groupBy) {
    case 'owner':
      return [d.ownerId];
    case 'team':
      return [teamOf(data, d.ownerId)];
    case 'pipeline':
      return [d.pipelineId];
    case 'product':
      // Each distinct product of the deal (a deal with several counts once in each of their groups, so
      // the groups may add up to more than the total, which counts it once); none: its own group.
      return d.productIds.length ? [...new Set(d.productIds)] : [NO_PRODUCT];
    case 'month':
      return [d.closedAt ? monthOf(d.closedAt) : null];
  }
}

function labelOf(data: AnalyticsData, groupBy: GroupBy | VelocityGroupBy, key: string | null): string | null {
  if (key === null) return null;
  switch (groupBy) {
    case 'owner':
      return data.users.find((u) => u.id === key)?.name ?? null;
    case 'team':
      return data.teams.find((t) => t.id === key)?.name ?? null;
    case 'pipeline':
      return data.pipelines.find((p) => p.id === key)?.name ?? null;
    case 'product':
      return key === NO_PRODUCT ? null : (data.products.find((p) => p.id === key)?.name ?? null);
    default:
      return key;
  }
}

function group<T>(
  items: RefDeal[],
  keys: (d: RefDeal) => (string | null)[],
  make: (key: string | null, deals: RefDeal[]) => T,
): T[] {
  const byKey = new Map<string | null, RefDeal[]>();
  for (const d of items)
    for (const k of keys(d)) {
      const list = byKey.get(k) ?? [];
      list.push(d);
      byKey.set(k, list);
    }
  return [...byKey.entries()].map(([k, ds]) => make(k, ds));
}

export type RangeQuery = { from: string; to: string; pipelineId?: string };

const closedIn = (d: RefDeal, q: RangeQuery) =>
  d.status !== 'open' &&
  d.closedAt !== null &&
  inRange(monthOf(d.closedAt), q.from, q.to) &&
  (!q.pipelineId || d.pipelineId === q.pipelineId);

function winRateFigures(deals: RefDeal[]) {
  const won = deals.filter((d) => d.status === 'won');
  const lost = deals.filter((d) => d.status === 'lost').length;
  const noDecision = deals.filter((d) => d.status === 'no_decision').length;
  return {
    won: won.length,
    lost,
    noDecision,
    wonAmount: won.reduce((s, d) => s + d.amount, 0),
    winRate: rate(won.length, won.length + lost),
    winRateInclNoDecision: rate(won.length, won.length + lost + noDecision),
  };
}

export function winRatesRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: RangeQuery & { groupBy: GroupBy },
): { rows: WinRateRow[]; total: Omit<WinRateRow, 'key' | 'label'> } {
  const deals = visibleDeals(data, scope).filter((d) => closedIn(d, q));
  const rows = group(
    deals,
    (d) => keysOf(data, d, q.groupBy),
    (key, ds) => ({ key, label: labelOf(data, q.groupBy, key), ...winRateFigures(ds) }),
  );
  return { rows: rows.sort(compareKeyed(q.groupBy)), total: winRateFigures(deals) };
}

const cycleDays = (d: RefDeal) => daysBetween(dateOf(d.createdAt), d.closedAt!);

function cycleFigures(deals: RefDeal[]) {
  const days = deals.map(cycleDays).sort((a, b) => a - b);
  return {
    won: days.length,
    meanDays: days.length ? days.reduce((s, x) => s + x, 0) / days.length : null,
    medianDays: medianOfSorted(days),
  };
}

export function cycleTimeRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: RangeQuery & { groupBy: GroupBy },
): { rows: CycleTimeRow[]; total: Omit<CycleTimeRow, 'key' | 'label'> } {
  const won = visibleDeals(data, scope).filter((d) => d.status === 'won' && closedIn(d, q));
  const rows = group(
    won,
    (d) => keysOf(data, d, q.groupBy),
    (key, ds) => ({ key, label: labelOf(data, q.groupBy, key), ...cycleFigures(ds) }),
  );
  return { rows: rows.sort(compareKeyed(q.groupBy)), total: cycleFigures(won) };
}

/**
 * The first month with deals in the range analytics: the earliest month a visible deal closed in, or was
 * created in with a stage history (the funnel's cohorts); null without any.
 */
export function firstMonthRef(data: AnalyticsData, scope: AnalyticsScope): string | null {
  const staged = new Set(data.periods.map((p) => p.opportunityId));
  const months = visibleDeals(data, scope).flatMap((d) => [
    ...(d.status !== 'open' && d.closedAt ? [monthOf(d.closedAt)] : []),
    ...(staged.has(d.id) ? [monthOf(d.createdAt)] : []),
  ]);
  return months.sort()[0] ?? null;
}

/** The stages of a pipeline each deal reached (entered, or entered a later one), and the ones it entered. */
function reachOf(data: AnalyticsData, deal: RefDeal, pipelineId: string) {
  const stages = data.stages.filter((s) => s.pipelineId === pipelineId);
  const entered = new Set(
    data.periods
      .filter((p) => p.opportunityId === deal.id && p.pipelineId === pipelineId)
      .map((p) => p.stageId),
  );
  const positions = stages.filter((s) => entered.has(s.id)).map((s) => s.position);
  const furthest = positions.length ? Math.max(...positions) : 0;
  return { reached: new Set(stages.filter((s) => s.position <= furthest).map((s) => s.id)), entered };
}

export function funnelRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: { pipelineId: string; from: string; to: string },
): FunnelStage[] {
  const stages = data.stages
    .filter((s) => s.pipelineId === q.pipelineId)
    .sort((a, b) => a.position - b.position);
  const cohort = visibleDeals(data, scope).filter((d) => inRange(monthOf(d.createdAt), q.from, q.to));
  const reach = cohort.map((d) => ({ d, ...reachOf(data, d, q.pipelineId) }));
  const rows = stages.map((s) => {
    const reached = reach.filter((r) => r.reached.has(s.id));
    const won = reached.filter((r) => r.d.status === 'won').length;
    const closed = reached.filter((r) => r.d.status !== 'open').length;
    return {
      stageId: s.id,
      position: s.position,
      nameEn: s.nameEn,
      nameZh: s.nameZh,
      retiredAt: s.retiredAt,
      reached: reached.length,
      entered: reach.filter((r) => r.entered.has(s.id)).length,
      won,
      closed,
      conversionToNext: null as number | null,
      winRate: rate(won, closed),
    };
  });
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    r.conversionToNext = next ? rate(next.reached, r.reached) : null;
  });
  return rows;
}

export function timeInStageRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: { pipelineId: string; from: string; to: string },
): TimeInStageRow[] {
  const cohort = new Set(
    visibleDeals(data, scope)
      .filter((d) => inRange(monthOf(d.createdAt), q.from, q.to))
      .map((d) => d.id),
  );
  const periods = data.periods.filter((p) => p.pipelineId === q.pipelineId && cohort.has(p.opportunityId));
  return data.stages
    .filter((s) => s.pipelineId === q.pipelineId)
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      const mine = periods.filter((p) => p.stageId === s.id);
      const done = mine.filter((p) => p.leftAt !== null);
      const ms = done.reduce((sum, p) => sum + (Date.parse(p.leftAt!) - Date.parse(p.enteredAt)), 0);
      return {
        stageId: s.id,
        position: s.position,
        nameEn: s.nameEn,
        nameZh: s.nameZh,
        retiredAt: s.retiredAt,
        expectedDays: s.expectedDays,
        stays: done.length,
        meanDays: done.length ? ms / done.length / 86_400_000 : null,
        openStays: mine.length - done.length,
      };
    });
}

function velocityFigures(open: RefDeal[], closed: RefDeal[]): Omit<VelocityRow, 'key' | 'label'> {
  const won = closed.filter((d) => d.status === 'won');
  const lost = closed.filter((d) => d.status === 'lost').length;
  const winRate = rate(won.length, won.length + lost);
  const avgWonAmount = won.length ? won.reduce((s, d) => s + d.amount, 0) / won.length : null;
  const meanCycleDays = won.length ? won.reduce((s, d) => s + cycleDays(d), 0) / won.length : null;
  return {
    openDeals: open.length,
    openAmount: open.reduce((s, d) => s + d.amount, 0),
    won: won.length,
    lost,
    winRate,
    avgWonAmount,
    meanCycleDays,
    velocityPerDay:
      winRate !== null && avgWonAmount !== null && meanCycleDays !== null && meanCycleDays > 0
        ? (open.length * winRate * avgWonAmount) / meanCycleDays
        : null,
  };
}

export function velocityRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: RangeQuery & { groupBy: VelocityGroupBy },
): { rows: VelocityRow[]; total: Omit<VelocityRow, 'key' | 'label'> } {
  const deals = visibleDeals(data, scope);
  const open = deals.filter((d) => d.status === 'open' && (!q.pipelineId || d.pipelineId === q.pipelineId));
  const closed = deals.filter((d) => closedIn(d, q));
  const total = velocityFigures(open, closed);
  if (q.groupBy === 'none') return { rows: [], total };
  const key = (d: RefDeal) =>
    q.groupBy === 'owner' ? d.ownerId : q.groupBy === 'team' ? teamOf(data, d.ownerId) : d.pipelineId;
  const keys = [...new Set([...open, ...closed].map(key))];
  const rows = keys.map((k) => ({
    key: k,
    label: labelOf(data, q.groupBy, k),
    ...velocityFigures(
      open.filter((d) => key(d) === k),
      closed.filter((d) => key(d) === k),
    ),
  }));
  return { rows: rows.sort(compareKeyed(q.groupBy)), total };
}

/** Teams in the subtree of `teamId` (itself included). */
function subtree(data: AnalyticsData, teamId: string): Set<string> {
  const out = new Set([teamId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of data.teams)
      if (t.parentId && out.has(t.parentId) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
  }
  return out;
}

const inPeriod = (date: string | null, p: Period) => date !== null && date >= p.start && date <= p.end;

/**
 * Team roll-up rows an actor sees: every team with org-wide visibility; else the teams they manage whose
 * every member (of the subtree) is in their scope. A row named after a team holds the whole team.
 */
function seesWhole(scope: AnalyticsScope, teamId: string, members: Set<string>): boolean {
  if (!scope.userIds) return true;
  const users = scope.userIds;
  return !!scope.teamIds?.includes(teamId) && [...members].every((id) => users.includes(id));
}

export function quotaRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: { period: Period; groupBy: RollupGroupBy },
): { rows: QuotaRow[]; total: Omit<QuotaRow, 'key' | 'label' | 'parentId'> } {
  const deals = visibleDeals(data, scope);
  const open = deals.filter(
    (d) => d.status === 'open' && d.forecastCategory !== 'omitted' && inPeriod(d.expectedCloseDate, q.period),
  );
  const won = deals.filter((d) => d.status === 'won' && inPeriod(d.closedAt, q.period));
  const userQuota = (userId: string) =>
    scope.userIds && !scope.userIds.includes(userId)
      ? 0
      : data.quotas.filter((x) => x.userId === userId).reduce((s, x) => s + proratedQuota(x, q.period), 0);
  const wonOf = (userId: string) => won.filter((d) => d.ownerId === userId).reduce((s, d) => s + d.amount, 0);
  // Quotas held by people: each person's own gap, added up (an excess never covers another's shortfall).
  // In a team row only its members' wins count (those the row shows), also against a quota counting
  // toward the team from outside it.
  const gapOfPeople = (quotaOf: (userId: string) => number, counted: (userId: string) => boolean) =>
    data.users.reduce((s, u) => s + Math.max(quotaOf(u.id) - (counted(u.id) ? wonOf(u.id) : 0), 0), 0);
  const figures = (owners: (id: string) => boolean, quota: number, remaining?: number) => {
    const w = won.filter((d) => owners(d.ownerId)).reduce((s, d) => s + d.amount, 0);
    const o = open.filter((d) => owners(d.ownerId)).reduce((s, d) => s + d.amount, 0);
    const remainingQuota = remaining ?? Math.max(quota - w, 0);
    return {
      quota,
      won: w,
      openPipeline: o,
      remainingQuota,
      coverage: rate(o, remainingQuota),
      attainment: rate(w, quota),
    };
  };
  const total = figures(
    () => true,
    data.users.reduce((s, u) => s + userQuota(u.id), 0),
    gapOfPeople(userQuota, () => true),
  );
  let rows: QuotaRow[];
  if (q.groupBy === 'owner') {
    rows = data.users.map((u) => ({
      key: u.id,
      label: u.name,
      parentId: null,
      ...figures((id) => id === u.id, userQuota(u.id)),
    }));
  } else {
    rows = data.teams.flatMap((t) => {
      const teams = subtree(data, t.id);
      const members = new Set(data.users.filter((u) => u.teamId && teams.has(u.teamId)).map((u) => u.id));
      if (!seesWhole(scope, t.id, members)) return [];
      const own = data.quotas.filter((x) => !x.userId && x.teamId === t.id);
      const overlapping = own.filter((x) => x.periodStart <= q.period.end && x.periodEnd >= q.period.start);
      // Else: everyone's quotas counting toward a team of the subtree (their own team by default).
      const shares = data.quotas.filter((x) => {
        if (!x.userId) return false;
        const team = x.teamId ?? teamOf(data, x.userId);
        return team !== null && teams.has(team);
      });
      const inTeam = (id: string) => members.has(id);
      // A team's own quota is one target for the whole team; else its people's quotas, gap by gap.
      const shareOf = (userId: string) =>
        shares.filter((x) => x.userId === userId).reduce((s, x) => s + proratedQuota(x, q.period), 0);
      const row = overlapping.length
        ? figures(
            inTeam,
            overlapping.reduce((s, x) => s + proratedQuota(x, q.period), 0),
          )
        : figures(
            inTeam,
            shares.reduce((s, x) => s + proratedQuota(x, q.period), 0),
            gapOfPeople(shareOf, inTeam),
          );
      return [{ key: t.id, label: t.name, parentId: t.parentId, ...row }];
    });
  }
  rows = rows.filter((r) => r.quota > 0 || r.won > 0 || r.openPipeline > 0);
  return { rows: rows.sort(compareKeyed(q.groupBy)), total };
}

/**
 * Historical conversion of each stage: won ÷ closed among all the organization's deals that reached it,
 * whoever asks (a property of the pipeline's history, not of the viewer's visibility).
 */
export function stageConversionsRef(data: AnalyticsData): StageConversion[] {
  const deals = data.deals;
  const reach = new Map<string, { won: number; closed: number }>();
  for (const pipelineId of new Set(data.stages.map((s) => s.pipelineId)))
    for (const d of deals) {
      if (d.status === 'open') continue;
      for (const stageId of reachOf(data, d, pipelineId).reached) {
        const r = reach.get(stageId) ?? { won: 0, closed: 0 };
        r.closed++;
        if (d.status === 'won') r.won++;
        reach.set(stageId, r);
      }
    }
  return data.stages.map((s) => {
    const r = reach.get(s.id) ?? { won: 0, closed: 0 };
    return {
      stageId: s.id,
      probability: s.probability,
      historicalRate: rate(r.won, r.closed),
      closedDeals: r.closed,
    };
  });
}

export function forecastRef(
  data: AnalyticsData,
  scope: AnalyticsScope,
  q: { period: Period; groupBy: RollupGroupBy },
): { rows: ForecastRow[]; total: ForecastFigures } {
  const deals = visibleDeals(data, scope);
  const conversions = new Map(stageConversionsRef(data).map((c) => [c.stageId, c]));
  const open = deals.filter(
    (d) => d.status === 'open' && d.forecastCategory !== 'omitted' && inPeriod(d.expectedCloseDate, q.period),
  );
  const won = deals.filter((d) => d.status === 'won' && inPeriod(d.closedAt, q.period));
  const figures = (owners: (id: string) => boolean): ForecastFigures => {
    const f = { ...ZERO_FIGURES };
    for (const d of open.filter((x) => owners(x.ownerId))) {
      f.deals++;
      if (d.forecastCategory === 'pipeline') f.pipeline += d.amount;
      else if (d.forecastCategory === 'best_case') f.bestCase += d.amount;
      else f.commit += d.amount;
      const c = conversions.get(d.stageId);
      const probability = (c?.probability ?? 0) / 100;
      f.weighted += d.amount * probability;
      f.historical += d.amount * (c?.historicalRate ?? probability);
    }
    f.closed = won.filter((x) => owners(x.ownerId)).reduce((s, d) => s + d.amount, 0);
    f.weighted += f.closed;
    f.historical += f.closed;
    return f;
  };
  const total = figures(() => true);
  const rows: ForecastRow[] =
    q.groupBy === 'owner'
      ? data.users.map((u) => ({ key: u.id, label: u.name, parentId: null, ...figures((id) => id === u.id) }))
      : data.teams.flatMap((t) => {
          const teams = subtree(data, t.id);
          const members = new Set(data.users.filter((u) => u.teamId && teams.has(u.teamId)).map((u) => u.id));
          if (!seesWhole(scope, t.id, members)) return [];
          return [{ key: t.id, label: t.name, parentId: t.parentId, ...figures((id) => members.has(id)) }];
        });
  return {
    rows: rows.filter((r) => r.deals > 0 || r.closed > 0).sort(compareKeyed(q.groupBy)),
    total,
  };
}
