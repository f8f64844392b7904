// The recycle bin's rules shared by the server (what the purge removes, in which order) and the web app
// (what the bin lists, what went with what, how many days a deleted record has left).

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

/** The kinds of record a deletion sends to the recycle bin and the purge removes after RECYCLE_DAYS. */
export const RECYCLED_KINDS = [
  'accounts',
  'contacts',
  'opportunities',
  'activities',
  'notes',
  'products',
  'pipelines',
] as const;
export type RecycledKind = (typeof RECYCLED_KINDS)[number];

/**
 * What deleting a record of each kind takes with it, in the same batch: the server resources' `cascade`
 * lists (test/api/recycle-bin.test.ts keeps the two equal).
 */
export const CASCADES_TO: Record<RecycledKind, readonly RecycledKind[]> = {
  accounts: ['contacts', 'opportunities', 'activities', 'notes'],
  contacts: ['notes'],
  opportunities: ['activities', 'notes'],
  activities: [],
  notes: [],
  products: [],
  pipelines: [],
};

/** How deep a kind sits in the cascade: 0 for what no deletion takes along, else one below its parents. */
export function cascadeDepth(kind: RecycledKind): number {
  const parents = RECYCLED_KINDS.filter((k) => CASCADES_TO[k].includes(kind));
  return parents.length ? 1 + Math.max(...parents.map(cascadeDepth)) : 0;
}
