import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

export type QuotaLine = {
  id: string;
  userId: string | null;
  teamId: string | null;
  periodStart: string;
  periodEnd: string;
  amount: number;
};

/**
 * An organization's live quotas overlapping a period (inclusive dates), or only those of one subject — a
 * team's own (no user), or a person's toward a team (none: their own) — where `subject` is given. The one
 * read of quotas behind the roll-ups and the overlap check.
 */
export async function quotasOverlapping(
  db: DbOrTx,
  orgId: string,
  period: { start: string; end: string },
  subject?: { userId: string | null; teamId: string | null },
): Promise<QuotaLine[]> {
  const ofSubject = subject
    ? sql`AND user_id IS NOT DISTINCT FROM ${subject.userId}::uuid AND team_id IS NOT DISTINCT FROM ${subject.teamId}::uuid`
    : sql``;
  const res = await db.execute<{
    id: string;
    user_id: string | null;
    team_id: string | null;
    period_start: string;
    period_end: string;
    amount: number;
  }>(sql`
    SELECT id, user_id, team_id, period_start::text AS period_start, period_end::text AS period_end,
           amount::float8 AS amount
      FROM quotas
     WHERE org_id = ${orgId} AND deleted_at IS NULL
       AND period_start <= ${period.end}::date AND period_end >= ${period.start}::date ${ofSubject}`);
  return res.rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    teamId: r.team_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amount: r.amount,
  }));
}
