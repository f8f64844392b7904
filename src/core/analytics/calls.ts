/**
 * The latest forecast call of each row, rolled up the team hierarchy the way forecasting tools do it: a
 * team's call is its manager's own call for the team when there is one; else the sum of what is below it
 * (the calls of its sub-teams, each rolled up the same way, and the personal calls of its direct members).
 * A roll-up says how many calls it sums, so a partial one reads as such.
 */

export type CallSource = 'own' | 'rollup';
export type RolledCall = {
  amount: number;
  /** `own`: the subject's latest call; `rollup`: the sum of the calls below it. */
  source: CallSource;
  /** How many calls the figure sums (1 for an own call). */
  calls: number;
};

/**
 * Each team's rolled-up call (absent when nobody below it called). `teamCalls` and `userCalls` are the
 * latest call amounts by team and by person.
 */
export function rollupCalls(
  teams: ReadonlyMap<string, { parentId: string | null }>,
  users: ReadonlyMap<string, { teamId: string | null }>,
  teamCalls: ReadonlyMap<string, number>,
  userCalls: ReadonlyMap<string, number>,
): Map<string, RolledCall> {
  const childTeams = new Map<string, string[]>();
  for (const [id, t] of teams)
    if (t.parentId && teams.has(t.parentId))
      childTeams.set(t.parentId, [...(childTeams.get(t.parentId) ?? []), id]);
  const members = new Map<string, string[]>();
  for (const [id, u] of users) if (u.teamId) members.set(u.teamId, [...(members.get(u.teamId) ?? []), id]);
  const out = new Map<string, RolledCall>();
  const visiting = new Set<string>();
  const of = (teamId: string): RolledCall | null => {
    if (out.has(teamId)) return out.get(teamId)!;
    const own = teamCalls.get(teamId);
    if (own !== undefined) {
      const c: RolledCall = { amount: own, source: 'own', calls: 1 };
      out.set(teamId, c);
      return c;
    }
    // A cycle in bad data must not recurse for ever; a team met again adds nothing.
    if (visiting.has(teamId)) return null;
    visiting.add(teamId);
    const parts: RolledCall[] = [];
    for (const child of childTeams.get(teamId) ?? []) {
      const c = of(child);
      if (c) parts.push(c);
    }
    for (const userId of members.get(teamId) ?? []) {
      const amount = userCalls.get(userId);
      if (amount !== undefined) parts.push({ amount, source: 'own', calls: 1 });
    }
    visiting.delete(teamId);
    if (!parts.length) return null;
    const c = sumCalls(parts)!;
    out.set(teamId, c);
    return c;
  };
  for (const id of teams.keys()) of(id);
  return out;
}

/** The roll-up of several calls (a total): null when there is none. */
export function sumCalls(parts: readonly (RolledCall | null | undefined)[]): RolledCall | null {
  const present = parts.filter((p): p is RolledCall => !!p);
  if (!present.length) return null;
  return {
    amount: Math.round(present.reduce((s, p) => s + p.amount, 0) * 100) / 100,
    source: 'rollup',
    calls: present.reduce((s, p) => s + p.calls, 0),
  };
}
