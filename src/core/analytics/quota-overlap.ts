/**
 * A person's or team's live quotas do not overlap in time: otherwise every roll-up (attainment, coverage's
 * left to win, forecast's quota) adds them up where they meet — a Q4 quota and a December one of the same
 * rep would make December's quota both. The one rule behind the server's check (quotas.resource.ts), the
 * database's exclusion constraint (drizzle/0022_quota_no_overlap.sql) and the data the reference
 * implementation (reference.ts) is given.
 *
 * The subject: a team's own quota (only a team), or a person's toward a team (a person, and the team it
 * counts toward; none: their own team). A rep may carry a quota toward each of two teams at once.
 * Periods are inclusive ISO dates: November and December are adjacent, not overlapping.
 */
export type QuotaPeriod = {
  userId: string | null;
  teamId: string | null;
  periodStart: string;
  periodEnd: string;
};

export const sameQuotaSubject = (a: QuotaPeriod, b: QuotaPeriod): boolean =>
  (a.userId ?? null) === (b.userId ?? null) && (a.teamId ?? null) === (b.teamId ?? null);

/** Whether two quotas may not both be live: the same subject, and periods sharing at least a day. */
export const quotasOverlap = (a: QuotaPeriod, b: QuotaPeriod): boolean =>
  sameQuotaSubject(a, b) && a.periodStart <= b.periodEnd && b.periodStart <= a.periodEnd;

/**
 * The live quotas a quota may not stand beside, earliest period first (the one a refusal names), from
 * `others` (the quota itself, by id, excluded).
 */
export function overlappingQuotas<Q extends QuotaPeriod & { id?: string }>(
  quota: QuotaPeriod & { id?: string },
  others: readonly Q[],
): Q[] {
  return others
    .filter((o) => (quota.id === undefined || o.id !== quota.id) && quotasOverlap(quota, o))
    .sort((a, b) =>
      a.periodStart === b.periodStart
        ? a.periodEnd.localeCompare(b.periodEnd)
        : a.periodStart.localeCompare(b.periodStart),
    );
}
