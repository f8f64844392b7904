import { PassThrough, Readable } from 'node:stream';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import type { Actor } from '../../auth/actor.ts';
import { baseWhere, listOrder } from '../../crud/repo.ts';
import type { Resource } from '../../crud/resource.ts';
import type { Db } from '../../db/client.ts';
import { forbidden } from '../../http/errors.ts';
import { BUNDLE_EXTRAS, type ExportContext } from './columns.ts';
import { type CsvOptions, csvChunks, type ExportProgress, exportQuery, sourceOf } from './export.service.ts';
import { ExportSession } from './session.ts';

export const BUNDLE_FORMAT = 'winpath-export';
export const BUNDLE_VERSION = 1;

export type BundleManifest = {
  format: typeof BUNDLE_FORMAT;
  version: number;
  winpath: string;
  exportedAt: string;
  exportedBy: { id: string; name: string; email: string | null };
  organization: { id: string; slug: string; name: string; defaultCurrency: string };
  language: string;
  values: string;
  encoding: string;
  files: { name: string; type: string; rows: number; columns: string[] }[];
};

/** Files in the order a person (or an import) wants them: reference data first, then what uses it. */
const ORDER = [
  'users',
  'teams',
  'products',
  'pipelines',
  'pipeline-stages',
  'milestone-criteria',
  'accounts',
  'contacts',
  'opportunities',
  'opportunity-line-items',
  'opportunity-members',
  'stakeholders',
  'stage-periods',
  'criterion-completions',
  'opportunity-history',
  'activities',
  'activity-participants',
  'notes',
  'quotas',
  'forecast-submissions',
  'forecast-snapshots',
];
const rank = (name: string) => {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
};

/**
 * Tenant tables (with an org_id) that the bundle leaves out on purpose, and why. The bundle is the
 * organization's business records for a person or another CRM; what is left out is secret, Winpath's own
 * machinery, or recomputable from what is in it (`winpath backup` keeps all of it). Every other tenant table
 * must be written by a resource or a BUNDLE_EXTRAS entry: test/api/export.test.ts walks the schema and
 * fails on a table that is neither, so a table added later cannot be left out silently.
 *
 * Some columns are left out for the same reasons, in the files' shapes (columns.ts): users' password
 * hashes, the search bigrams, record versions and soft-delete bookkeeping.
 */
export const NOT_IN_BUNDLE: Readonly<Record<string, string>> = {
  sessions: 'secret: hashes of sign-in cookies, and short-lived',
  api_tokens: 'secret: hashes of API tokens; a token means nothing outside this Winpath',
  audit_log:
    'security log (sign-ins, failed sign-ins with IP addresses, token and role changes), not sales data; ' +
    'admins read it at GET /api/v1/audit-log',
  import_files: 'import staging: copies of uploaded files, kept 7 days until their import is done',
  import_jobs: 'import bookkeeping: progress, resume hashes and counts of past import runs',
  import_errors: 'import bookkeeping: the rows an import rejected (that import’s error report)',
  import_mappings: 'settings of Winpath’s import wizard (column mappings), meaningless to any other system',
  analytics_deals:
    'derived: each deal’s contribution to the analytics, recomputed from deals and stage history',
  analytics_stage_summary: 'derived: funnel summary computed from opportunities and stage-periods.csv',
  analytics_outcome_summary: 'derived: win/loss summary computed from opportunities and their products',
  analytics_cycle_summary: 'derived: sales-cycle summary computed from opportunities and their products',
  analytics_open_summary: 'derived: open-pipeline summary computed from opportunities',
  analytics_pipeline_order: 'derived: the stage order the analytics were computed with',
};

/** The tables the bundle writes a file for: the lists' tables and the extras'. */
export function bundleTables(resources: readonly Resource[]): string[] {
  return [...resources.map((r) => getTableName(r.table)), ...BUNDLE_EXTRAS.map((e) => e.table)];
}

type Entry = {
  name: string;
  type: string;
  query: SQL;
  columns: string[];
  csvColumns: Parameters<typeof csvChunks>[0]['columns'];
};

/**
 * The whole organization as a ZIP: one CSV per record type (live records; the recycle bin is left out)
 * and manifest.json with the row counts and the export time. Admins only. Every file is read in one
 * snapshot through server-side cursors, one after the other, and compressed as it streams, so memory stays
 * flat and the files agree with each other.
 */
export async function openBundleExport(opts: {
  db: Db;
  actor: Actor;
  resources: readonly Resource[];
  csv: CsvOptions;
  now: Date;
  version: string;
}): Promise<{ stream: Readable; filename: string; manifest: BundleManifest }> {
  const { actor, csv, now } = opts;
  if (!actor.isAdmin) throw forbidden('Only admins may export the whole organization.');
  const ctx: ExportContext = { actor, lang: csv.lang, values: csv.values };
  const session = await ExportSession.open(opts.db);
  let org: BundleManifest['organization'];
  try {
    // The organization's own row has no org_id: its fields go into the manifest.
    const found = await session.query<BundleManifest['organization']>(
      'SELECT id, slug, name, default_currency AS "defaultCurrency" FROM organizations WHERE id = $1',
      [actor.orgId],
    );
    org = found.rows[0]!;
  } catch (err) {
    await session.close(err as Error);
    throw err;
  }

  const entries: Entry[] = [];
  for (const res of opts.resources) {
    const { sql: query, columns } = exportQuery(
      sourceOf(res),
      ctx,
      baseWhere(res, actor, { now }),
      listOrder(res, res.defaultSort).order,
    );
    entries.push({
      name: `${res.name}.csv`,
      type: res.name,
      query,
      columns: columns.map((c) => c.key),
      csvColumns: columns,
    });
  }
  for (const extra of BUNDLE_EXTRAS) {
    const { sql: query, columns } = exportQuery(
      extra,
      ctx,
      [sql`${sql.raw(`"${extra.table}".org_id`)} = ${actor.orgId}`, extra.where],
      [extra.order],
    );
    entries.push({
      name: `${extra.name}.csv`,
      type: extra.name,
      query,
      columns: columns.map((c) => c.key),
      csvColumns: columns,
    });
  }
  entries.sort((a, b) => rank(a.type) - rank(b.type));

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    winpath: opts.version,
    exportedAt: now.toISOString(),
    exportedBy: { id: actor.userId, name: actor.name, email: actor.email },
    organization: org,
    language: csv.lang,
    values: csv.values,
    encoding: csv.encoding,
    files: [],
  };

  const zip = new ZipFile();
  // The response stream: yazl's output, passed through so that the session is closed whatever ends it.
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  let current: Readable | undefined;
  let failed = false;
  const fail = (err: Error) => {
    if (failed) return;
    failed = true;
    out.destroy(err);
  };
  const entryOptions = { mtime: now, compressionLevel: 6 };
  for (const e of entries) {
    zip.addReadStreamLazy(e.name, entryOptions, (cb) => {
      const progress: ExportProgress = { rows: 0, fetched: 0 };
      const chunks = csvChunks({ session, query: e.query, columns: e.csvColumns, csv, progress });
      const stream = Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 });
      stream.on('error', fail);
      stream.once('end', () =>
        manifest.files.push({ name: e.name, type: e.type, rows: progress.rows, columns: e.columns }),
      );
      current = stream;
      cb(null, stream);
    });
  }
  zip.addReadStreamLazy('manifest.json', entryOptions, (cb) => {
    current = undefined;
    cb(null, Readable.from([Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]));
  });
  zip.end();
  zip.outputStream.on('error', fail);
  zip.outputStream.pipe(out);
  // Finished, failed or abandoned by the client: stop reading and give the connection back.
  out.once('close', () => {
    current?.destroy();
    void session.close();
  });
  const date = now.toISOString().slice(0, 10);
  return { stream: out, filename: `winpath-${org.slug}-${date}.zip`, manifest };
}
