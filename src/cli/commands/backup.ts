import path from 'node:path';
import { writeBackup } from '../../server/features/backup/backup.service.ts';
import { restoreBackup } from '../../server/features/backup/restore.service.ts';
import { parse, required, UsageError } from '../args.ts';
import { fmt, withDatabase } from '../context.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function backup(argv: string[]): Promise<number> {
  const { values } = parse(argv, { out: { type: 'string', short: 'o' } });
  const out = path.resolve(required(values.out, '--out'));
  return withDatabase(async ({ pool }) => {
    const started = Date.now();
    const r = await writeBackup({
      pool,
      out,
      now: new Date(),
      onProgress: (table, rows) => console.log(`  ${table.padEnd(24)} ${fmt(rows).padStart(11)} rows`),
    });
    const s = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Backup written to ${out}: ${r.tables} tables, ${fmt(r.rows)} rows, ${mb(r.bytes)} in ${s} s.`,
    );
    return 0;
  });
}

export async function restore(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('Missing the backup FILE');
  return withDatabase(async ({ pool }) => {
    const started = Date.now();
    const r = await restoreBackup({
      pool,
      file: path.resolve(file),
      onProgress: (table, rows) => console.log(`  ${table.padEnd(24)} ${fmt(rows).padStart(11)} rows`),
    });
    const s = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Restored ${r.tables} tables, ${fmt(r.rows)} rows from the backup of ${r.createdAt} in ${s} s.`,
    );
    return 0;
  });
}
