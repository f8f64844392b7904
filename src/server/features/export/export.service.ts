import { Readable } from 'node:stream';
import { and, getTableName, type SQL, sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { csvLine, UTF8_BOM } from '../../../core/csv-write.ts';
import type { ExportLang } from '../../../core/export-labels.ts';
import type { Actor } from '../../auth/actor.ts';
import { type ListFilters, listConditions, listOrder } from '../../crud/repo.ts';
import type { Resource } from '../../crud/resource.ts';
import type { Db } from '../../db/client.ts';
import {
  cellKinds,
  type ExportColumn,
  type ExportContext,
  type ExportSource,
  genericSource,
  headerRow,
  SOURCES,
  selectList,
  type ValueStyle,
} from './columns.ts';
import { ExportSession, fetchBatches } from './session.ts';

export type CsvEncoding = 'utf-8' | 'gb18030';
export type CsvOptions = { lang: ExportLang; values: ValueStyle; encoding: CsvEncoding };
/** Rows written so far, and rows fetched from the database so far (the difference is in flight). */
export type ExportProgress = { rows: number; fetched: number };

/** Rows per FETCH: large enough to amortise the round trip, small enough to keep memory flat. */
export const BATCH_ROWS = 2_000;

export function sourceOf(res: Resource): ExportSource {
  return SOURCES[res.name] ?? genericSource(res, getTableName(res.table));
}

export const csvContentType = (encoding: CsvEncoding) =>
  `text/csv; charset=${encoding === 'gb18030' ? 'gb18030' : 'utf-8'}; header=present`;

/**
 * Text to bytes. UTF-8 starts with a byte-order mark (Excel needs it to read UTF-8 at all); GB18030, for
 * old Chinese Excel that does not understand UTF-8, has none and covers every Unicode character.
 */
function encoder(encoding: CsvEncoding): { start: string; encode: (s: string) => Buffer } {
  return encoding === 'gb18030'
    ? { start: '', encode: (s) => iconv.encode(s, 'gb18030') }
    : { start: UTF8_BOM, encode: (s) => Buffer.from(s, 'utf8') };
}

/** `SELECT <columns as text> FROM <table> <joins> WHERE … ORDER BY …` for one export. */
export function exportQuery(
  source: ExportSource,
  ctx: ExportContext,
  where: SQL[],
  order: SQL[],
): { sql: SQL; columns: ExportColumn[] } {
  const { columns, joins } = source.shape(ctx);
  const query = sql`SELECT ${selectList(columns, ctx)} FROM ${sql.raw(`"${source.table}"`)} ${sql.join(joins, sql` `)}
    WHERE ${and(...where) ?? sql`TRUE`} ORDER BY ${sql.join(order, sql`, `)}`;
  return { sql: query, columns };
}

/**
 * The CSV bytes of a query, in chunks of one batch: the header row (in the export's language) with the
 * first batch, then one chunk per batch. The first chunk is produced only after the first FETCH, so a
 * query that fails does so before anything is sent.
 */
export async function* csvChunks(opts: {
  session: ExportSession;
  query: SQL;
  columns: ExportColumn[];
  csv: CsvOptions;
  progress: ExportProgress;
  batchRows?: number;
}): AsyncGenerator<Buffer> {
  const { columns, csv, progress } = opts;
  const { start, encode } = encoder(csv.encoding);
  const kinds = cellKinds(columns);
  const cursor = await opts.session.declare(opts.query);
  let head: string | undefined = start + csvLine(headerRow(columns, csv.lang));
  for await (const rows of fetchBatches(opts.session, cursor, opts.batchRows ?? BATCH_ROWS, (n) => {
    progress.fetched += n;
  })) {
    let text = head ?? '';
    head = undefined;
    for (const r of rows) text += csvLine(r, kinds);
    progress.rows += rows.length;
    yield encode(text);
  }
  if (head !== undefined) yield encode(head);
}

/** Yields an already-taken first step, then the rest (so a stream can start from a primed generator). */
async function* primed<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

export type CsvExport = {
  stream: Readable;
  /** The file name to offer (may be Chinese) and an ASCII one for old clients. */
  filename: string;
  asciiFilename: string;
  contentType: string;
  progress: ExportProgress;
};

const day = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Streams the rows of a list as CSV: the same conditions and order as `GET /api/v1/<resource>` (so the
 * same rows as paging through the list, visibility included), read through a server-side cursor inside
 * one snapshot. Back-pressure comes from the stream: a batch is fetched only when the previous one has
 * been taken, so memory stays flat for any number of rows.
 */
export async function openCsvExport(opts: {
  db: Db;
  res: Resource;
  actor: Actor;
  query: ListFilters;
  csv: CsvOptions;
  now: Date;
  batchRows?: number;
}): Promise<CsvExport> {
  const { res, actor, csv, now } = opts;
  const source = sourceOf(res);
  const ctx: ExportContext = { actor, lang: csv.lang, values: csv.values };
  const where = listConditions(res, actor, opts.query, now);
  const { order } = listOrder(res, opts.query.sort);
  const { sql: query, columns } = exportQuery(source, ctx, where, order);
  const progress: ExportProgress = { rows: 0, fetched: 0 };
  const session = await ExportSession.open(opts.db);
  const body = (async function* () {
    try {
      yield* csvChunks({ session, query, columns, csv, progress, batchRows: opts.batchRows });
    } catch (err) {
      await session.close(err as Error);
      throw err;
    } finally {
      await session.close();
    }
  })();
  const first = await body.next();
  const title = csv.lang === 'zh-CN' ? source.title.zh : source.title.en;
  const stream = Readable.from(primed(first, body), { objectMode: false, highWaterMark: 64 * 1024 });
  // Ended, failed or abandoned (even before the first read, when no generator code would run): give the
  // connection back.
  stream.once('close', () => {
    body.return(undefined).catch(() => undefined);
    void session.close();
  });
  return {
    stream,
    filename: `${title}-${day(now)}.csv`,
    asciiFilename: `${source.name}-${day(now)}.csv`,
    contentType: csvContentType(csv.encoding),
    progress,
  };
}

/**
 * `Content-Disposition: attachment` with an ASCII `filename` for old clients and the real name as
 * RFC 5987 `filename*` (RFC 6266), so a Chinese file name survives every browser.
 */
export function contentDisposition(filename: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*!]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
