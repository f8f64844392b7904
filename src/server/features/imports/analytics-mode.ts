import type { ImportEntity } from '../../../core/import/mapping.ts';

export type AnalyticsMode = 'batch' | 'rebuild';

const REBUILD_ABOVE_BYTES = 4 << 20;

/**
 * How a deals import keeps the analytics: refreshed in each batch, or rebuilt once at the end. A rebuild
 * costs in proportion to the whole organization (about 95 µs a deal here) and holds a lock that makes
 * writers of every organization wait; a batch refresh costs in proportion to its rows plus a scan of the
 * organization's stage periods. Measured (bench/import.bench.ts): 20,000 rows into an organization of
 * 995,000 deals, batch 10.3 s, rebuild 110.7 s; 50,000 into a fresh one, batch 28.2 s, rebuild 16.9 s.
 * Rebuilding pays only for a large file that brings at least as many deals as the organization has (a
 * first migration), so that is when it is chosen.
 */
export function chooseAnalytics(o: { bytes: number; sample: string[][]; deals: number }): AnalyticsMode {
  if (o.bytes <= REBUILD_ABOVE_BYTES) return 'batch';
  const sampleBytes = o.sample.reduce((n, r) => n + r.reduce((m, c) => m + Buffer.byteLength(c) + 1, 0), 0);
  const rowBytes = o.sample.length ? Math.max(16, sampleBytes / o.sample.length) : 100;
  return o.bytes / rowBytes >= o.deals ? 'rebuild' : 'batch';
}

/** The mode of this run: as asked, else `chooseAnalytics` (counting the deals only when that needs them). */
export async function analyticsModeOf(o: {
  asked: 'batch' | 'rebuild' | 'auto' | undefined;
  entity: ImportEntity;
  /** Rows committed by earlier runs of the job. */
  resumedFrom: number;
  bytes: number;
  sample: string[][];
  deals: () => Promise<number>;
}): Promise<AnalyticsMode> {
  if (o.asked === 'batch' || o.asked === 'rebuild') return o.asked;
  if (o.entity !== 'opportunities') return 'batch';
  // A resumed job whose earlier runs may have left the analytics to a final rebuild must rebuild: its
  // committed batches were written with the refresh off.
  if (o.resumedFrom > 0 && o.bytes > REBUILD_ABOVE_BYTES) return 'rebuild';
  return chooseAnalytics({ bytes: o.bytes, sample: o.sample, deals: await o.deals() });
}
