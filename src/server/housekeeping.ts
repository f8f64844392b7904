import type pg from 'pg';
import type { Db } from './db/client.ts';
import { ensureWeeklySnapshots } from './features/forecast/forecast.service.ts';
import { purgeImportFiles } from './features/imports/imports.service.ts';
import { purgeRecycleBin } from './features/recycle/recycle.service.ts';

type Job = { name: string; everyMs: number; run: (db: Db, now: Date) => Promise<unknown> };

/**
 * The server's periodic jobs. Each runs at start and then on its interval; a failure is logged and the job
 * simply runs again next time. Both are idempotent, so two servers on one database do no harm: the purge
 * deletes what is already gone, and a week's forecast snapshot is taken once per organization under a lock.
 */
const JOBS: Job[] = [
  { name: 'recycle-bin purge', everyMs: 6 * 3_600_000, run: (db, now) => purgeRecycleBin({ db, now }) },
  {
    name: 'import uploads purge',
    everyMs: 6 * 3_600_000,
    run: (db, now) => purgeImportFiles({ pool: (db as unknown as { $client: pg.Pool }).$client, now }),
  },
  // Checked hourly so the week's snapshot is taken soon after Monday 00:00 UTC even on a long-running server.
  {
    name: 'weekly forecast snapshots',
    everyMs: 3_600_000,
    run: (db, now) => ensureWeeklySnapshots({ db, now }),
  },
];

/** Starts the jobs; the timers never keep the process alive. */
export function startHousekeeping(db: Db, log: (msg: string) => void = console.error): { stop: () => void } {
  const timers = JOBS.map((job) => {
    // A run still going when the timer fires again (a slow database) is not started twice.
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      job
        .run(db, new Date())
        .catch((err: Error) => log(`winpath: ${job.name} failed: ${err.message}`))
        .finally(() => {
          running = false;
        });
    };
    run();
    const timer = setInterval(run, job.everyMs);
    timer.unref();
    return timer;
  });
  return { stop: () => timers.forEach(clearInterval) };
}
