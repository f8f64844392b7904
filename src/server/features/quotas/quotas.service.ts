import {
  type AnalyticsScope,
  compareKeyed,
  type QuotaRow,
  type RollupGroupBy,
  rate,
} from '../../../core/analytics/model.ts';
import { type Period, parsePeriod, proratedQuota } from '../../../core/analytics/periods.ts';
import { leftToWin } from '../../../core/analytics/quota-gap.ts';
import { subtreeMembers, subtreeTeams } from '../../../core/analytics/rollup.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/client.ts';
import {
  type Directory,
  loadDirectory,
  managedTeams,
  openTotals,
  outcomeTotals,
  type ReadScope,
  readScope,
} from '../analytics/analytics.repo.ts';
import { quotasOverlapping } from './quotas.repo.ts';

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
 *
 * Remaining quota where quotas are held by people: the sum of each person's own gap (`leftToWin`), so an
 * over-achiever never hides a rep who is behind — the total, and a team row made of its people's quotas.
 * A team's own quota is one target for the team as a whole: there any member's wins count toward it.
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
  // Team the quota counts toward → person → amount (a person's gap is against their own wins).
  const teamShare = new Map<string | null, Map<string, number>>();
  for (const q of quotas)
    if (q.userId) {
      const amount = proratedQuota(q, period);
      if (!vis.userIds || vis.userIds.includes(q.userId))
        userQuota.set(q.userId, (userQuota.get(q.userId) ?? 0) + amount);
      const team = q.teamId ?? dir.users.get(q.userId)?.teamId ?? null;
      const shares = teamShare.get(team) ?? new Map<string, number>();
      shares.set(q.userId, (shares.get(q.userId) ?? 0) + amount);
      teamShare.set(team, shares);
    }
  // Each person's gap against their wins that the row counts (`counted`): in a team row only its members'
  // — a quota counting toward a team from outside it is not met by wins the row does not show, and the
  // row stays the same for everyone who sees it (an outsider's wins may be out of the viewer's scope).
  const gapOf = (quotaBy: Map<string, number>, counted: (id: string) => boolean) =>
    leftToWin([...quotaBy].map(([id, quota]) => ({ quota, won: counted(id) ? (wonBy.get(id) ?? 0) : 0 })));
  const figures = (owners: (id: string) => boolean, quota: number, remaining?: number) => {
    const w = sumOver(wonBy, owners);
    const o = sumOver(openBy, owners);
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
    sumOver(userQuota, () => true),
    gapOf(userQuota, () => true),
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
      const byPerson = new Map<string, number>();
      for (const [t, shares] of teamShare)
        if (t && below.has(t))
          for (const [id, amount] of shares) byPerson.set(id, (byPerson.get(id) ?? 0) + amount);
      const inTeam = (id: string) => m.has(id);
      const row = own.length
        ? figures(
            inTeam,
            own.reduce((s, q) => s + proratedQuota(q, period), 0),
          )
        : figures(
            inTeam,
            sumOver(byPerson, () => true),
            gapOf(byPerson, inTeam),
          );
      return [{ key: teamId, label: team.name, parentId: team.parentId, ...row }];
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
