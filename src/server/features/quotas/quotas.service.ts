import { sql } from 'drizzle-orm';
import {
  type AnalyticsScope,
  compareKeyed,
  type QuotaRow,
  type RollupGroupBy,
  rate,
} from '../../../core/analytics/model.ts';
import { type Period, parsePeriod, proratedQuota } from '../../../core/analytics/periods.ts';
import { subtreeMembers, subtreeTeams } from '../../../core/analytics/rollup.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import {
  type Directory,
  loadDirectory,
  managedTeams,
  openTotals,
  outcomeTotals,
  type ReadScope,
  readScope,
} from '../analytics/analytics.repo.ts';

export type QuotaLine = {
  userId: string | null;
  teamId: string | null;
  periodStart: string;
  periodEnd: string;
  amount: number;
};

/** Live quotas overlapping a period. */
export async function quotasOverlapping(db: DbOrTx, orgId: string, p: Period): Promise<QuotaLine[]> {
  const res = await db.execute<{
    user_id: string | null;
    team_id: string | null;
    period_start: string;
    period_end: string;
    amount: number;
  }>(sql`
    SELECT user_id, team_id, period_start::text AS period_start, period_end::text AS period_end, amount::float8 AS amount
      FROM quotas
     WHERE org_id = ${orgId} AND deleted_at IS NULL AND period_start <= ${p.end}::date AND period_end >= ${p.start}::date`);
  return res.rows.map((r) => ({
    userId: r.user_id,
    teamId: r.team_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amount: r.amount,
  }));
}

/** Sums of a per-owner map over an owner set. */
const sumOver = (byOwner: Map<string, number>, owners: (id: string) => boolean) => {
  let s = 0;
  for (const [id, v] of byOwner) if (owners(id)) s += v;
  return s;
};

/**
 * Whether the actor sees a team whole — everyone in its subtree — so that its roll-up row may be shown.
 * With org-wide visibility every team; otherwise a team of the subtree they manage (`managedTeams`), and
 * only when everyone below it is indeed in their scope: `managedTeams` goes by `teams.manager_id` whatever
 * the role, while the scope of a rep or presales is themselves alone. A row labelled with a team must hold
 * that team's figures, the same for everyone who sees it — never the part of it one actor happens to see.
 */
export function seesWholeTeam(vis: AnalyticsScope, teamId: string, members: ReadonlySet<string>): boolean {
  if (!vis.userIds) return true;
  if (!vis.teamIds?.includes(teamId)) return false;
  const scope = new Set(vis.userIds);
  for (const id of members) if (!scope.has(id)) return false;
  return true;
}

/**
 * Quota, won and open pipeline in a period per owner or per team (rolled up over the subtree), for what
 * the actor sees: attainment = won ÷ quota, coverage = open pipeline ÷ remaining quota. Owner rows and the
 * total cover the owners in scope. Team rows only for the teams the actor sees whole (`seesWholeTeam`), so
 * they hold the team's figures: its own quota (a quota with only the team) when it has one for the period,
 * else the sum of the people's quotas that count toward a team of its subtree.
 */
export async function quotaFigures(opts: {
  db: Db;
  scope: ReadScope;
  vis: AnalyticsScope;
  dir: Directory;
  period: Period;
  groupBy: RollupGroupBy;
}): Promise<{ rows: QuotaRow[]; total: Omit<QuotaRow, 'key' | 'label' | 'parentId'> }> {
  const { db, scope, vis, dir, period, groupBy } = opts;
  const months = period.months;
  const [open, won, quotas] = await Promise.all([
    openTotals(db, scope, { groupBy: 'owner', months, excludeOmitted: true }),
    outcomeTotals(db, scope, { groupBy: 'owner', from: months[0]!, to: months[months.length - 1]! }),
    quotasOverlapping(db, scope.orgId, period),
  ]);
  const openBy = new Map<string, number>();
  for (const r of open) openBy.set(r.owner_id, (openBy.get(r.owner_id) ?? 0) + r.amount);
  const wonBy = new Map(won.map((r) => [r.key!, r.won_amount]));
  // People's quotas (those in scope: owner rows and the total), and every person's share of the team
  // their quota counts toward (team rows, shown only to those who see the team whole).
  const userQuota = new Map<string, number>();
  const teamShare = new Map<string | null, number>();
  for (const q of quotas)
    if (q.userId) {
      const amount = proratedQuota(q, period);
      if (!vis.userIds || vis.userIds.includes(q.userId))
        userQuota.set(q.userId, (userQuota.get(q.userId) ?? 0) + amount);
      const team = q.teamId ?? dir.users.get(q.userId)?.teamId ?? null;
      teamShare.set(team, (teamShare.get(team) ?? 0) + amount);
    }
  const figures = (owners: (id: string) => boolean, quota: number) => {
    const w = sumOver(wonBy, owners);
    const o = sumOver(openBy, owners);
    const remainingQuota = Math.max(quota - w, 0);
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
    sumOver(userQuota, () => true),
  );
  let rows: QuotaRow[];
  if (groupBy === 'owner') {
    const owners = new Set([...openBy.keys(), ...wonBy.keys(), ...userQuota.keys()]);
    rows = [...owners].map((id) => ({
      key: id,
      label: dir.users.get(id)?.name ?? null,
      parentId: null,
      ...figures((o) => o === id, userQuota.get(id) ?? 0),
    }));
  } else {
    const members = subtreeMembers(dir.teams, dir.users);
    const subtrees = subtreeTeams(dir.teams);
    rows = [...dir.teams].flatMap(([teamId, team]) => {
      const m = members.get(teamId)!;
      if (!seesWholeTeam(vis, teamId, m)) return [];
      const below = subtrees.get(teamId)!;
      const own = quotas.filter((q) => !q.userId && q.teamId === teamId);
      const quota = own.length
        ? own.reduce((s, q) => s + proratedQuota(q, period), 0)
        : [...teamShare].reduce((s, [t, amount]) => s + (t && below.has(t) ? amount : 0), 0);
      return [
        { key: teamId, label: team.name, parentId: team.parentId, ...figures((id) => m.has(id), quota) },
      ];
    });
  }
  rows = rows.filter((r) => r.quota > 0 || r.won > 0 || r.openPipeline > 0).sort(compareKeyed(groupBy));
  return { rows, total };
}

export function currentPeriod(now: Date, period?: string): Period {
  return parsePeriod(period ?? now.toISOString().slice(0, 7));
}

/** Quota, won, attainment, open pipeline and coverage in a period, per owner or team. */
export async function quotaReport(opts: {
  db: Db;
  actor: Actor;
  now: Date;
  period?: string;
  groupBy: RollupGroupBy;
}) {
  const { db, actor, groupBy } = opts;
  const period = currentPeriod(opts.now, opts.period);
  const [vis, dir] = await Promise.all([managedTeams(db, actor), loadDirectory(db, actor.orgId)]);
  const res = await quotaFigures({ db, scope: readScope(actor), vis, dir, period, groupBy });
  return { period: period.key, start: period.start, end: period.end, groupBy, ...res };
}
