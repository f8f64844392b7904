import { sql } from 'drizzle-orm';
import { accuracyScore, periodEnded } from '../../../core/analytics/accuracy.ts';
import { type RolledCall, rollupCalls, sumCalls } from '../../../core/analytics/calls.ts';
import {
  compareKeyed,
  type ForecastFigures,
  type ForecastRow,
  type RollupGroupBy,
  rate,
  type StageConversion,
  ZERO_FIGURES,
} from '../../../core/analytics/model.ts';
import {
  monthRange,
  type Period,
  parsePeriod,
  quarterOf,
  snapshotPeriods,
  weekStart,
} from '../../../core/analytics/periods.ts';
import { subtreeMembers } from '../../../core/analytics/rollup.ts';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { DomainError, forbidden, invalid } from '../../http/errors.ts';
import {
  loadDirectory,
  managedTeams,
  openTotals,
  outcomeTotals,
  type ReadScope,
  readScope,
  stageTotals,
} from '../analytics/analytics.repo.ts';
import { resolveRange } from '../analytics/analytics.service.ts';
import { currentPeriod, seesWholeTeam } from '../quotas/quotas.service.ts';
import {
  deleteSnapshotWeek,
  insertSnapshotRows,
  insertSubmission,
  latestSubmissions,
  listSubmissionRows,
  orgsWithoutSnapshot,
  type SubmissionRow,
  snapshotTotals,
  snapshotWeekExists,
  stageProbabilities,
  submissionVisible,
  teamExists,
} from './forecast.repo.ts';

const add = (a: ForecastFigures, b: ForecastFigures): ForecastFigures => ({
  deals: a.deals + b.deals,
  pipeline: a.pipeline + b.pipeline,
  bestCase: a.bestCase + b.bestCase,
  commit: a.commit + b.commit,
  closed: a.closed + b.closed,
  weighted: a.weighted + b.weighted,
  historical: a.historical + b.historical,
});

/**
 * Each owner's forecast for a period: open deals expected to close in it by category, weighted by stage
 * probability and by the stage's historical conversion, plus what was won in it.
 */
export async function forecastByOwner(
  db: DbOrTx,
  scope: ReadScope,
  period: Period,
): Promise<{ byOwner: Map<string, ForecastFigures>; conversions: StageConversion[] }> {
  const months = period.months;
  const [open, won] = await Promise.all([
    openTotals(db, scope, { groupBy: 'owner', months, excludeOmitted: true }),
    outcomeTotals(db, scope, { groupBy: 'owner', from: months[0]!, to: months[months.length - 1]! }),
  ]);
  const stageIds = [...new Set(open.map((r) => r.stage_id))].sort();
  // A stage's conversion is a property of the pipeline and the organization's history, not of who looks:
  // it is counted over all the organization's deals (it reveals none of them), so everyone sees the same
  // historical figure for the same team. Only the deals it weighs follow the viewer's visibility.
  const wholeOrg: ReadScope = { orgId: scope.orgId, userIds: null, extraDeals: null };
  const [reach, probabilities] = stageIds.length
    ? await Promise.all([
        stageTotals(db, wholeOrg, { stageIds }),
        stageProbabilities(db, scope.orgId, stageIds),
      ])
    : [[], new Map<string, number>()];
  const reachBy = new Map(reach.map((r) => [r.stage_id, r]));
  const conversions: StageConversion[] = stageIds.map((id) => {
    const r = reachBy.get(id);
    return {
      stageId: id,
      probability: probabilities.get(id) ?? 0,
      historicalRate: rate(r?.reached_won ?? 0, r?.reached_closed ?? 0),
      closedDeals: r?.reached_closed ?? 0,
    };
  });
  const conv = new Map(conversions.map((c) => [c.stageId, c]));
  const byOwner = new Map<string, ForecastFigures>();
  const of = (owner: string) => {
    const f = byOwner.get(owner) ?? { ...ZERO_FIGURES };
    byOwner.set(owner, f);
    return f;
  };
  for (const r of open) {
    const f = of(r.owner_id);
    f.deals += r.deals;
    if (r.forecast_category === 'pipeline') f.pipeline += r.amount;
    else if (r.forecast_category === 'best_case') f.bestCase += r.amount;
    else f.commit += r.amount;
    const c = conv.get(r.stage_id);
    const probability = (c?.probability ?? 0) / 100;
    f.weighted += r.amount * probability;
    f.historical += r.amount * (c?.historicalRate ?? probability);
  }
  for (const w of won) {
    if (!w.won_amount) continue;
    const f = of(w.key!);
    f.closed += w.won_amount;
    f.weighted += w.won_amount;
    f.historical += w.won_amount;
  }
  return { byOwner, conversions };
}

const sumFigures = (byOwner: Map<string, ForecastFigures>, owners: (id: string) => boolean) => {
  let f = { ...ZERO_FIGURES };
  for (const [id, x] of byOwner) if (owners(id)) f = add(f, x);
  return f;
};

/**
 * The forecast of a period, per owner or per team (rolled up; the teams the actor sees whole), each row
 * with its latest call.
 */
export async function forecast(opts: {
  db: Db;
  actor: Actor;
  now: Date;
  period?: string;
  groupBy: RollupGroupBy;
}) {
  const { db, actor, groupBy } = opts;
  const period = currentPeriod(opts.now, opts.period);
  const [vis, dir] = await Promise.all([managedTeams(db, actor), loadDirectory(db, actor.orgId)]);
  const [{ byOwner, conversions }, calls] = await Promise.all([
    forecastByOwner(db, readScope(actor), period),
    latestSubmissions(db, actor.orgId, period.key, submissionVisible(actor, vis.teamIds)),
  ]);
  const callBy = new Map(calls.map((c) => [(c.userId ?? c.teamId)!, c]));
  let rows: ForecastRow[];
  if (groupBy === 'owner') {
    rows = [...byOwner].map(([id, f]) => ({
      key: id,
      label: dir.users.get(id)?.name ?? null,
      parentId: null,
      ...f,
    }));
  } else {
    // Only the teams the actor sees whole: a row named after a team holds that team's forecast.
    const members = subtreeMembers(dir.teams, dir.users);
    rows = [...dir.teams].flatMap(([id, t]) => {
      const m = members.get(id)!;
      if (!seesWholeTeam(vis, id, m)) return [];
      return [{ key: id, label: t.name, parentId: t.parentId, ...sumFigures(byOwner, (o) => m.has(o)) }];
    });
  }
  // The latest call of each row: a person's own; a team's own, else the roll-up of the calls below it.
  const rolled =
    groupBy === 'team'
      ? rollupCalls(
          dir.teams,
          dir.users,
          new Map(calls.filter((c) => c.teamId).map((c) => [c.teamId!, c.amount])),
          new Map(calls.filter((c) => c.userId).map((c) => [c.userId!, c.amount])),
        )
      : new Map<string, RolledCall>();
  const items = rows
    .filter((r) => r.deals > 0 || r.closed > 0)
    .sort(compareKeyed(groupBy))
    .map((r) => {
      const submission = (r.key && callBy.get(r.key)) || null;
      const own: RolledCall | null = submission
        ? { amount: submission.amount, source: 'own', calls: 1 }
        : null;
      return { ...r, submission, latestCall: (r.key && rolled.get(r.key)) || own };
    });
  // The total's call rolls up the top rows' (a row whose parent is a row is already in its parent's).
  const keys = new Set(items.map((r) => r.key));
  const totalCall = sumCalls(
    items.filter((r) => !r.parentId || !keys.has(r.parentId)).map((r) => r.latestCall),
  );
  return {
    period: period.key,
    start: period.start,
    end: period.end,
    groupBy,
    rows: items,
    total: sumFigures(byOwner, () => true),
    totalCall,
    stageConversions: conversions,
  };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * A forecast call: a rep's for themselves, or a manager's for a team they manage (admins: any team). The
 * system figure (commit + closed, over everyone's deals of the subject) is kept beside the call; send the
 * `amount` called or the `adjustment` to the system figure. Append-only.
 */
export async function submitForecast(opts: {
  db: Db;
  actor: Actor;
  now: Date;
  period: string;
  teamId?: string | null;
  amount?: number;
  adjustment?: number;
  note?: string | null;
}): Promise<SubmissionRow> {
  const { db, actor, now } = opts;
  if (!actor.canWriteSales) throw forbidden(`Your role (${actor.role}) may not call the forecast.`);
  const period = parsePeriod(opts.period);
  const teamId = opts.teamId ?? null;
  if (teamId) {
    if (!(await teamExists(db, actor.orgId, teamId)))
      throw new DomainError(422, 'invalid_reference', 'The team does not exist.', {
        errors: [fieldError('teamId', 'unknown_team')],
      });
    const vis = await managedTeams(db, actor);
    if (!actor.isAdmin && !(vis.teamIds ?? []).includes(teamId))
      throw forbidden('You may call the forecast only for yourself or the teams you manage.');
  }
  const everyone: ReadScope = { orgId: actor.orgId, userIds: null, extraDeals: null };
  const { byOwner } = await forecastByOwner(db, everyone, period);
  let subject: ForecastFigures;
  if (teamId) {
    const dir = await loadDirectory(db, actor.orgId);
    const members = subtreeMembers(dir.teams, dir.users).get(teamId) ?? new Set<string>();
    subject = sumFigures(byOwner, (o) => members.has(o));
  } else subject = byOwner.get(actor.userId) ?? ZERO_FIGURES;
  const systemAmount = cents(subject.commit + subject.closed);
  let adjustment = opts.adjustment;
  if (opts.amount !== undefined) {
    const implied = cents(opts.amount - systemAmount);
    if (adjustment !== undefined && Math.abs(adjustment - implied) > 0.005)
      throw invalid(
        [fieldError('adjustment', 'adjustment_mismatch')],
        `The system figure is ${systemAmount}; send the amount you call or the adjustment to it.`,
      );
    adjustment = implied;
  }
  adjustment = cents(adjustment ?? 0);
  // An amount called is 0 or more (as `amount` itself must be), whichever way the call is sent.
  if (systemAmount + adjustment < 0)
    throw invalid(
      [fieldError('adjustment', 'call_below_zero', { minimum: -systemAmount })],
      `The system figure is ${systemAmount}; a call cannot be below 0.`,
    );
  return insertSubmission(db, {
    orgId: actor.orgId,
    period: period.key,
    userId: teamId ? null : actor.userId,
    teamId,
    submittedBy: actor.userId,
    systemAmount,
    adjustment,
    amount: cents(systemAmount + adjustment),
    note: opts.note?.trim() || null,
    at: now.toISOString(),
  });
}

/** The audit list of forecast calls the actor may see, newest first. */
export async function listSubmissions(opts: {
  db: Db;
  actor: Actor;
  period?: string;
  userId?: string;
  teamId?: string;
  cursor?: string;
  limit: number;
}) {
  const { db, actor } = opts;
  const vis = await managedTeams(db, actor);
  const before = opts.cursor !== undefined ? Number(opts.cursor) : undefined;
  if (before !== undefined && !Number.isSafeInteger(before))
    throw invalid([fieldError('cursor', 'bad_cursor')]);
  const items = await listSubmissionRows(db, {
    orgId: actor.orgId,
    visible: submissionVisible(actor, vis.teamIds),
    period: opts.period,
    userId: opts.userId,
    teamId: opts.teamId,
    before,
    limit: opts.limit + 1,
  });
  const more = items.length > opts.limit;
  const page = items.slice(0, opts.limit);
  return { items: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
}

/**
 * Takes this week's forecast snapshot of an organization: every owner's figures for this month, the next
 * two, this quarter and the next. Once a week (a second call the same week does nothing unless `replace`).
 */
export async function takeForecastSnapshot(opts: {
  db: Db;
  orgId: string;
  now: Date;
  replace?: boolean;
}): Promise<{ weekStart: string; periods: string[]; rows: number; taken: boolean }> {
  const { db, orgId, now } = opts;
  const week = weekStart(now);
  const periods = snapshotPeriods(now);
  return db.transaction(async (tx) => {
    // One snapshot per organization and week, even when two processes start at once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727101, hashtext(${orgId}))`);
    if (await snapshotWeekExists(tx, orgId, week)) {
      if (!opts.replace) return { weekStart: week, periods, rows: 0, taken: false };
      await deleteSnapshotWeek(tx, orgId, week);
    }
    const everyone: ReadScope = { orgId, userIds: null, extraDeals: null };
    const rows: { period: string; ownerId: string; f: ForecastFigures }[] = [];
    for (const key of periods) {
      const { byOwner } = await forecastByOwner(tx, everyone, parsePeriod(key));
      for (const [ownerId, f] of byOwner) rows.push({ period: key, ownerId, f });
    }
    await insertSnapshotRows(tx, { orgId, weekStart: week, takenAt: now.toISOString(), rows });
    return { weekStart: week, periods, rows: rows.length, taken: true };
  });
}

/** Takes the week's snapshot of every organization that has none yet (for a timer or server start). */
export async function ensureWeeklySnapshots(opts: { db: Db; now: Date }): Promise<number> {
  let taken = 0;
  for (const orgId of await orgsWithoutSnapshot(opts.db, weekStart(opts.now)))
    if ((await takeForecastSnapshot({ db: opts.db, orgId, now: opts.now })).taken) taken++;
  return taken;
}

/** The admin trigger of a snapshot. */
export async function snapshotNow(opts: { db: Db; actor: Actor; now: Date; replace?: boolean }) {
  if (!opts.actor.isAdmin) throw forbidden('Only admins take forecast snapshots.');
  return takeForecastSnapshot({ db: opts.db, orgId: opts.actor.orgId, now: opts.now, replace: opts.replace });
}

/**
 * Forecast accuracy: for each period with snapshots (one period, or the months or quarters of a range),
 * every weekly snapshot's figures beside what was actually won in the period, and the error and accuracy
 * (`accuracyScore`) of the commit call (commit + closed) and of the weighted figure. Over the owners the
 * actor sees. A period that has not ended is in progress: what was won in it so far is not an actual to
 * score a forecast of the whole period against, so its errors and accuracies are null until it ends.
 */
export async function forecastAccuracy(opts: {
  db: Db;
  actor: Actor;
  now: Date;
  kind: 'month' | 'quarter';
  from?: string;
  to?: string;
  period?: string;
}) {
  const { db, actor, now } = opts;
  let kind = opts.kind;
  let range: { from: string; to: string };
  let periods: string[];
  if (opts.period) {
    if (opts.from || opts.to)
      throw invalid(
        [fieldError('period', 'invalid')],
        'Send one period, or a range of months (from, to) with a kind, not both.',
      );
    const p = parsePeriod(opts.period);
    kind = p.kind;
    range = { from: p.months[0]!, to: p.months[p.months.length - 1]! };
    periods = [p.key];
  } else {
    range = resolveRange(now, opts.from, opts.to);
    const months = monthRange(range.from, range.to);
    periods = kind === 'month' ? months : [...new Set(months.map(quarterOf))];
  }
  const ownersOnly: ReadScope = { ...readScope(actor), extraDeals: null };
  const allMonths = periods.flatMap((p) => parsePeriod(p).months);
  const [snaps, won] = await Promise.all([
    snapshotTotals(db, { orgId: actor.orgId, userIds: actor.scopeUserIds, periods }),
    outcomeTotals(db, ownersOnly, {
      groupBy: 'month',
      from: allMonths[0]!,
      to: allMonths[allMonths.length - 1]!,
    }),
  ]);
  const wonBy = new Map(won.map((w) => [w.key!, w.won_amount]));
  const rows = periods
    .map((key) => {
      const p = parsePeriod(key);
      const ended = periodEnded(p, now);
      const actualWon = p.months.reduce((s, m) => s + (wonBy.get(m) ?? 0), 0);
      const snapshots = snaps
        .filter((s) => s.period === key)
        .map(({ period: _, ...s }) => {
          const called = s.commit + s.closed;
          return {
            ...s,
            commitError: ended ? called - actualWon : null,
            commitAccuracy: ended ? accuracyScore(called, actualWon) : null,
            weightedError: ended ? s.weighted - actualWon : null,
            weightedAccuracy: ended ? accuracyScore(s.weighted, actualWon) : null,
          };
        });
      return { period: key, start: p.start, end: p.end, ended, actualWon, snapshots };
    })
    .filter((r) => r.snapshots.length > 0);
  return { kind, ...range, rows };
}
