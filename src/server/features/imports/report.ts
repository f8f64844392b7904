import type pg from 'pg';
import {
  type Channel,
  isProblemCode,
  type Problem,
  type ProblemParams,
  problemText,
} from '../../../core/import/problems.ts';
import type { RowError } from '../../../core/import/validate.ts';
import type { Language } from '../../../core/wording.ts';
import { fieldLabel } from './field-labels.ts';

/** A line of the error report: the spreadsheet row, the field and column, the cell, what is wrong. */
export type ReportRow = {
  row: number;
  field: string | null;
  column: string | null;
  value: string | null;
  problem: Problem;
  /** The row's cells (on the first problem of a row). */
  cells?: string[] | null;
  /** A reference (or stage) that matches no record, or several. */
  unmatched?: 'missing' | 'ambiguous';
};

/** A problem the validator found with a row, as a line of the report. */
export function toReport(row: number, e: RowError, cells: string[] | null): ReportRow {
  return {
    row,
    field: e.field || null,
    column: e.column,
    value: e.value || null,
    problem: e.problem,
    cells,
    ...(e.unmatched && { unmatched: e.unmatched }),
  };
}

/** A problem the database found with a row (no field to point at). */
export function dbError(row: number, p: Problem): ReportRow {
  return { row, field: null, column: null, value: null, problem: p };
}

const quote = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A line of a report: rows stored before problems had codes carry only their English message. */
type ReportLine = Omit<ReportRow, 'problem'> & { problem?: Problem; message?: string };

/**
 * A problem as the API returns it: worded in English for the web wizard (its hints name the wizard's
 * checkboxes), and as data for clients that word it themselves.
 */
export const apiProblem = (p: Problem) => ({
  message: problemText(p),
  code: p.code,
  params: p.params ?? null,
});

/** A stored problem's code and parameters as a problem (none for rows from before codes, or a code retired). */
export const storedProblem = (code: string | null, params: ProblemParams | null): Problem | undefined =>
  code && isProblemCode(code) ? { code, ...(params && { params }) } : undefined;

const HEADINGS: Record<Language, [string, string]> = {
  en: ['Row', 'Errors'],
  'zh-CN': ['行号', '错误'],
};

/**
 * "Value: an amount such as 1234.56", in the language asked for: the problem under the file's own column, the
 * name its reader sees in the spreadsheet. Where no column is mapped to the field, the wizard's reader gets
 * the field's name as the mapping step shows it ("Expected close", "预计成交日期"); the command line's
 * reader the field's key, the word their mapping file uses.
 */
export function describe(e: ReportLine, lang: Language = 'en', channel: Channel = 'web'): string {
  const field = e.field && channel === 'web' ? fieldLabel(e.field, lang) : e.field;
  const where = e.column || field || '';
  const what = e.problem ? problemText(e.problem, lang, channel) : (e.message ?? '');
  return where ? `${where}: ${what}` : what;
}

/**
 * The error report as CSV (UTF-8 with a byte-order mark, so Excel shows Chinese right): the spreadsheet
 * row, every problem of the row, then the row's own cells under the file's headers. Fix the cells and
 * import the report itself with the same mapping (the two extra columns are not mapped). `channel`: who
 * reads it (the wizard's download, or the CLI's --errors file), for the hints.
 */
export function reportCsv(
  headers: readonly string[],
  rows: readonly ReportLine[],
  lang: Language = 'en',
  channel: Channel = 'web',
): string {
  const byRow = new Map<number, { problems: string[]; cells: string[] | null }>();
  for (const r of rows) {
    const e = byRow.get(r.row) ?? { problems: [], cells: null };
    e.problems.push(describe(r, lang, channel));
    e.cells ??= r.cells ?? null;
    byRow.set(r.row, e);
  }
  // A report imported again starts with an earlier report's two columns: this report's replace them, so
  // fixing a report in rounds does not pile up Row, Errors, Row, Errors ….
  const again = Object.values(HEADINGS).some(([a, b]) => headers[0] === a && headers[1] === b) ? 2 : 0;
  const lines = [[...HEADINGS[lang], ...headers.slice(again)].map(quote).join(',')];
  for (const [row, e] of [...byRow.entries()].sort((a, b) => a[0] - b[0]))
    lines.push([String(row), e.problems.join('; '), ...(e.cells ?? []).slice(again)].map(quote).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report of a job from the database: every problem found by every run of it. */
export async function jobReport(
  db: pg.Pool | pg.ClientBase,
  orgId: string,
  jobId: string,
  lang: Language = 'en',
  channel: Channel = 'web',
): Promise<{ csv: string; rows: number }> {
  const job = await db.query<{ headers: string[] }>(
    'SELECT headers FROM import_jobs WHERE org_id = $1 AND id = $2',
    [orgId, jobId],
  );
  const errors = await db.query<{
    row: number;
    field: string | null;
    column: string | null;
    value: string | null;
    message: string;
    code: string | null;
    params: ProblemParams | null;
    cells: string[] | null;
  }>(
    `SELECT row, field, "column", value, message, code, params, cells
       FROM import_errors WHERE org_id = $1 AND job_id = $2 ORDER BY row, id`,
    [orgId, jobId],
  );
  const lines = errors.rows.map(
    ({ code, params, ...r }): ReportLine => ({ ...r, problem: storedProblem(code, params) }),
  );
  return {
    csv: reportCsv(job.rows[0]?.headers ?? [], lines, lang, channel),
    rows: new Set(errors.rows.map((r) => r.row)).size,
  };
}
