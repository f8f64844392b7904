import { parse } from '../args.ts';
import { withDatabase } from '../context.ts';

export async function migrate(argv: string[]): Promise<number> {
  parse(argv, {});
  return withDatabase(async (database) => {
    const res = await database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
    );
    console.log(`Database is up to date: ${res.rows[0]!.n} migrations applied.`);
    return 0;
  });
}
