/**
 * Pipeline science: the shapes of the analytics answers, shared by the server (which computes them from
 * summary tables) and the plain reference implementation (which computes them from the raw records).
 */

export type DealStatus = 'open' | 'won' | 'lost' | 'no_decision';
export type ForecastCategory = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';
export type GroupBy = 'owner' | 'team' | 'pipeline' | 'product' | 'month';
export type VelocityGroupBy = 'none' | 'owner' | 'team' | 'pipeline';
export type RollupGroupBy = 'owner' | 'team';

/** Whose deals an answer covers: the visibility scope (null = the whole organization). */
export type AnalyticsScope = {
  /** A deal counts when its owner or a member of its deal team is one of these users. */
  userIds: string[] | null;
  /** Teams whose own quotas the actor sees (a manager's subtree). */
  teamIds: string[] | null;
};

/**
 * A group: `key` is the id (or `YYYY-MM`); null for deals whose owner has no team, `NO_PRODUCT` for deals
 * without a product (label null for both: the app names them in its language).
 */
export type Keyed = { key: string | null; label: string | null };

/**
 * The key of the deals without a product when grouping by product — a group like any other, so the groups
 * cover every deal. A deal with several products is in the group of each: product rows can add up to more
 * than the total, which counts each deal once.
 */
export const NO_PRODUCT = 'none';

export type WinRateRow = Keyed & {
  won: number;
  lost: number;
  noDecision: number;
  wonAmount: number;
  /** won / (won + lost); null without decided deals. */
  winRate: number | null;
  /** won / (won + lost + no decision). */
  winRateInclNoDecision: number | null;
};

export type CycleTimeRow = Keyed & {
  won: number;
  /** Days from created (UTC date) to closed date of won deals. */
  meanDays: number | null;
  medianDays: number | null;
};

export type FunnelStage = {
  stageId: string;
  position: number;
  nameEn: string;
  nameZh: string;
  /** When the stage was retired (ISO timestamp): it takes no new deals, its history still counts. Null: active. */
  retiredAt: string | null;
  /** Deals that entered this stage or a later one. */
  reached: number;
  /** Deals that entered this stage itself. */
  entered: number;
  /** Of the deals that reached it: won, and closed (won, lost or no decision). */
  won: number;
  closed: number;
  /** reached(next stage) / reached(this stage). */
  conversionToNext: number | null;
  /** won / closed: the historical conversion from this stage. */
  winRate: number | null;
};

export type TimeInStageRow = {
  stageId: string;
  position: number;
  nameEn: string;
  nameZh: string;
  /** As in FunnelStage. */
  retiredAt: string | null;
  expectedDays: number;
  /** Completed stays, and their mean length in days. */
  stays: number;
  meanDays: number | null;
  /** Stays still running. */
  openStays: number;
};

export type VelocityRow = Keyed & {
  openDeals: number;
  openAmount: number;
  won: number;
  lost: number;
  winRate: number | null;
  avgWonAmount: number | null;
  meanCycleDays: number | null;
  /** openDeals × winRate × avgWonAmount ÷ meanCycleDays: expected won amount per day. */
  velocityPerDay: number | null;
};

export type QuotaRow = Keyed & {
  /** Team rows: the parent team (roll-up tree). */
  parentId: string | null;
  quota: number;
  won: number;
  /** Open deals expected to close in the period (all categories but omitted). */
  openPipeline: number;
  remainingQuota: number;
  /** openPipeline ÷ remainingQuota. */
  coverage: number | null;
  /** won ÷ quota. */
  attainment: number | null;
};

export type ForecastFigures = {
  /** Open deals expected to close in the period (omitted excluded). */
  deals: number;
  pipeline: number;
  bestCase: number;
  /** Commit, including open deals a rep already marked closed. */
  commit: number;
  /** Won in the period. */
  closed: number;
  /** Open amounts × stage probability, plus closed. */
  weighted: number;
  /** Open amounts × the stage's historical conversion (won ÷ closed of deals that reached it), plus closed. */
  historical: number;
};

export type ForecastRow = Keyed & ForecastFigures & { parentId: string | null };

export type StageConversion = {
  stageId: string;
  probability: number;
  /** null when no closed deal reached the stage yet (the probability stands in). */
  historicalRate: number | null;
  closedDeals: number;
};

export const ZERO_FIGURES: ForecastFigures = {
  deals: 0,
  pipeline: 0,
  bestCase: 0,
  commit: 0,
  closed: 0,
  weighted: 0,
  historical: 0,
};

export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The one order of grouped rows: months chronologically, else by label, nulls last, then key. */
export function compareKeyed(groupBy: string) {
  return (a: Keyed, b: Keyed): number => {
    if (groupBy === 'month') return cmp(a.key, b.key);
    return cmp(a.label, b.label) || cmp(a.key, b.key);
  };
}

function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Median of a sorted list. */
export function medianOfSorted(sorted: number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Count, mean and median of a histogram given as ascending values with their counts. */
export function histogramStats(
  values: number[],
  counts: number[],
): { won: number; mean: number | null; median: number | null } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    n += counts[i]!;
    sum += values[i]! * counts[i]!;
  }
  if (n === 0) return { won: 0, mean: null, median: null };
  // The values at 1-based positions floor((n+1)/2) and floor(n/2)+1: the same one when n is odd.
  const at = (k: number) => {
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i]!;
      if (seen >= k) return values[i]!;
    }
    return values[values.length - 1]!;
  };
  return { won: n, mean: sum / n, median: (at(Math.floor((n + 1) / 2)) + at(Math.floor(n / 2) + 1)) / 2 };
}

/** A histogram as ascending values with their counts (what `histogramStats` reads). */
export type Histogram = { values: number[]; counts: number[] };

/** The histograms added up: the histogram of all their lists together. */
export function mergeHistograms(hs: readonly Histogram[]): Histogram {
  const byValue = new Map<number, number>();
  for (const h of hs)
    h.values.forEach((v, i) => {
      byValue.set(v, (byValue.get(v) ?? 0) + h.counts[i]!);
    });
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => byValue.get(v)!) };
}
