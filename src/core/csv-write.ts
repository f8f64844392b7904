// Writing CSV (RFC 4180) that spreadsheets open safely: pure functions, no I/O, shared by the server's
// exports and anything else that writes CSV.

/** Byte-order mark: Excel reads a UTF-8 CSV as UTF-8 (Chinese included) only when the file starts with it. */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180 record separator. */
export const CRLF = '\r\n';

/**
 * How a cell is written. `number` cells hold values the database formatted from a numeric column, so a
 * negative amount stays a number in the spreadsheet; everything else is text a user may have typed.
 */
export type CellKind = 'text' | 'number';

/** A plain decimal number as PostgreSQL writes numerics and integers (no exponent, no spaces). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or, for tab and CR,
 * that they strip before doing so), per OWASP "CSV Injection": = + - @ TAB CR.
 */
function startsLikeFormula(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}

/**
 * A text cell that a spreadsheet would evaluate gets a leading apostrophe, so `=HYPERLINK(...)` typed into
 * a deal name shows as text instead of running. The apostrophe is visible in the cell; that is the price
 * OWASP's advice pays for not altering meaning in any other way.
 */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && startsLikeFormula(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field: null and undefined are empty; text is formula-neutralised; a field with a comma, quote, CR or
 * LF (or one that was neutralised) is quoted with inner quotes doubled.
 */
export function csvField(value: string | null | undefined, kind: CellKind = 'text'): string {
  if (value === null || value === undefined || value === '') return '';
  if (kind === 'number' && PLAIN_NUMBER.test(value)) return value;
  const safe = neutraliseFormula(value);
  if (safe !== value || NEEDS_QUOTES.test(safe)) return `"${safe.replaceAll('"', '""')}"`;
  return safe;
}

/** One record with its CRLF terminator; `kinds[i]` says how field i is written (text when absent). */
export function csvLine(values: readonly (string | null | undefined)[], kinds?: readonly CellKind[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i], kinds?.[i] ?? 'text');
  }
  return line + CRLF;
}
