// The recycle bin's one rule shared by the server (what the bin lists, when the purge removes it) and
// the web app (how many days a deleted record has left).

/** Deleted records stay restorable this many days; the housekeeping purge then removes them for good. */
export const RECYCLE_DAYS = 30;

const DAY_MS = 86_400_000;

/** When a record deleted at `deletedAt` (ISO) is removed for good, as epoch milliseconds. */
export function purgeTime(deletedAt: string): number {
  return new Date(deletedAt).getTime() + RECYCLE_DAYS * DAY_MS;
}

/** Whole days left before the purge (a part day counts as a day; 0 once the time has passed). */
export function daysLeft(deletedAt: string, now: number): number {
  return Math.max(0, Math.ceil((purgeTime(deletedAt) - now) / DAY_MS));
}
