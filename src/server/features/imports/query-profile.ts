import type pg from 'pg';

/** WINPATH_IMPORT_PROFILE=1: total time per statement shape, printed at exit (performance work). */
export function profileQueries(client: pg.PoolClient): void {
  const totals = new Map<string, { ms: number; n: number }>();
  const orig = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? 'COPY');
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    const t = performance.now();
    const r = orig(...args);
    if (r && typeof (r as Promise<unknown>).then === 'function')
      return (r as Promise<unknown>).finally(() => {
        const e = totals.get(key) ?? { ms: 0, n: 0 };
        e.ms += performance.now() - t;
        e.n++;
        totals.set(key, e);
      });
    return r;
  };
  process.once('exit', () => {
    for (const [k, v] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
      console.error(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}× ${k}`);
  });
}
