/**
 * Team roll-up: each team's subtree (the team, its sub-teams, theirs…) and the people in it, so a
 * manager's row is the sum of everyone below them.
 */

/** The teams of each team's subtree, itself included. */
export function subtreeTeams(
  teams: ReadonlyMap<string, { parentId: string | null }>,
): Map<string, Set<string>> {
  const children = new Map<string, string[]>();
  for (const [id, t] of teams)
    if (t.parentId && teams.has(t.parentId))
      children.set(t.parentId, [...(children.get(t.parentId) ?? []), id]);
  const out = new Map<string, Set<string>>();
  for (const teamId of teams.keys()) {
    const seen = new Set<string>();
    const stack = [teamId];
    while (stack.length) {
      const t = stack.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      stack.push(...(children.get(t) ?? []));
    }
    out.set(teamId, seen);
  }
  return out;
}

export function subtreeMembers(
  teams: ReadonlyMap<string, { parentId: string | null }>,
  users: ReadonlyMap<string, { teamId: string | null }>,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [teamId, below] of subtreeTeams(teams)) {
    const members = new Set<string>();
    for (const [id, u] of users) if (u.teamId && below.has(u.teamId)) members.add(id);
    out.set(teamId, members);
  }
  return out;
}
