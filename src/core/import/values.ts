import { type Problem, type ProblemCode, type ProblemParams, problem } from './problems.ts';

/**
 * Parsers for cell values as spreadsheets write them. Each returns `{ ok: true, value }` or
 * `{ ok: false, problem }`: what the user should have written (worded by `problemText`).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: ProblemCode, params?: ProblemParams): Parsed<T> => ({
  ok: false,
  problem: problem(code, params),
});

/**
 * Full-width ASCII (U+FF01–FF5E, what a Chinese input method types in its full-width mode: １２，３４５．００,
 * ２０１７／３／１) and the ideographic space, folded to their ASCII forms before a number or a date is read.
 * The full-width yuan sign ￥ (U+FFE5) is outside that range and stays a currency sign.
 */
const halfWidth = (s: string): string =>
  s.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );

// --- dates -------------------------------------------------------------------------------------------

/**
 * Date formats a mapping may name. `auto` reads ISO (2017-03-01, with or without a time), 2017/03/01,
 * 2017.3.1, 2017年3月1日, US 3/1/2017 (month first, as Excel in the US and China writes it; a first
 * number above 12 is taken as the day), European 1.3.2017 (day first, with dots) and Excel serial numbers
 * (42795). Name a format for files that write day-first dates with slashes (UK: DD/MM/YYYY).
 */
export const DATE_FORMATS = [
  'auto',
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'YYYY年MM月DD日',
  'excel',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** A calendar date (YYYY-MM-DD) and, when the cell had one, a time of day as UTC offset-aware instant. */
export type DateValue = { date: string; time: string | null; offsetMinutes: number | null };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Parses a trailing time: `13:05`, `13:05:09`, `1:05 PM`, `下午1:05`, with an optional zone (Z, +08:00). */
function parseTime(rest: string): Parsed<{ time: string | null; offsetMinutes: number | null }> {
  const t = rest.trim();
  if (!t) return ok({ time: null, offsetMinutes: null });
  const m = t.match(
    /^(?:T|\s)*(上午|下午)?\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm|AM|PM|a\.m\.|p\.m\.)?\s*(Z|[+-]\d{2}:?\d{2})?$/,
  );
  if (!m) return fail('timeAfterDate');
  let h = Number(m[2]);
  const min = Number(m[3]);
  const s = Number(m[4] ?? 0);
  const half =
    (m[5] ?? '').toLowerCase().replaceAll('.', '') || (m[1] === '上午' ? 'am' : m[1] === '下午' ? 'pm' : '');
  if (half) {
    if (h < 1 || h > 12) return fail('hour12');
    if (half === 'pm' && h < 12) h += 12;
    if (half === 'am' && h === 12) h = 0;
  }
  if (h > 23 || min > 59 || s > 59) return fail('timeOfDay');
  let offsetMinutes: number | null = null;
  if (m[6]) {
    if (m[6] === 'Z') offsetMinutes = 0;
    else {
      const z = m[6].replace(':', '');
      offsetMinutes = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
    }
  }
  return ok({ time: `${pad(h)}:${pad(min)}:${pad(s)}`, offsetMinutes });
}

type Order = 'ymd' | 'mdy' | 'dmy';

function fromParts(y: string, mo: string, d: string, rest: string): Parsed<DateValue> {
  const year = fullYear(y);
  const month = Number(mo);
  const day = Number(d);
  if (!validDate(year, month, day)) return fail('notCalendarDate', { date: `${y}-${mo}-${d}` });
  const time = parseTime(rest);
  if (!time.ok) return time;
  return ok({ date: `${year}-${pad(month)}-${pad(day)}`, ...time.value });
}

const orderRes = new Map<string, RegExp>();
function orderRe(order: Order, seps: string): RegExp {
  const k = order + seps;
  let re = orderRes.get(k);
  if (!re) {
    const sep = `[${seps}]`;
    re =
      order === 'ymd'
        ? new RegExp(`^(\\d{4})${sep}(\\d{1,2})${sep}(\\d{1,2})(.*)$`)
        : new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4}|\\d{2})(.*)$`);
    orderRes.set(k, re);
  }
  return re;
}

function byOrder(raw: string, order: Order, seps: string): Parsed<DateValue> | undefined {
  const m = raw.match(orderRe(order, seps));
  if (!m) return undefined;
  const [, a, b, c, rest] = m as unknown as [string, string, string, string, string];
  if (order === 'ymd') return fromParts(a, b, c, rest);
  if (order === 'mdy') return fromParts(c, a, b, rest);
  return fromParts(c, b, a, rest);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function fromExcelSerial(raw: string): Parsed<DateValue> | undefined {
  if (!/^\d{4,6}(\.\d+)?$/.test(raw)) return undefined;
  const n = Number(raw);
  // 1954-10-04 .. 2173-10-14: serials outside this are more likely plain numbers than dates.
  if (n < 20000 || n > 100000) return undefined;
  const ms = EXCEL_EPOCH + Math.round(n * 86_400_000);
  const d = new Date(ms);
  const date = d.toISOString().slice(0, 10);
  const frac = n % 1;
  return ok({ date, time: frac ? d.toISOString().slice(11, 19) : null, offsetMinutes: null });
}

export function parseDate(input: string, format: DateFormat = 'auto'): Parsed<DateValue> {
  const r = readDate(input, format);
  // A day that does not exist is named as the cell writes it (2017年13月45日), which the reader can find
  // in the file, not as the numbers it was read into.
  if (!r.ok && r.problem.code === 'notCalendarDate')
    return fail('notCalendarDate', { date: input.trim().replace(/\s+/g, ' ') });
  return r;
}

function readDate(input: string, format: DateFormat): Parsed<DateValue> {
  const raw = halfWidth(input).trim().replace(/\s+/g, ' ');
  if (!raw) return fail('date');
  const cn = raw.match(/^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(.*)$/);
  const expected = () =>
    format === 'auto' ? fail<DateValue>('dateAuto') : fail<DateValue>('dateAs', { format });
  switch (format) {
    case 'YYYY-MM-DD':
    case 'YYYY/MM/DD':
      return byOrder(raw, 'ymd', '-/.') ?? expected();
    case 'MM/DD/YYYY':
    case 'MM-DD-YYYY':
      return byOrder(raw, 'mdy', '-/.') ?? expected();
    case 'DD/MM/YYYY':
    case 'DD.MM.YYYY':
    case 'DD-MM-YYYY':
      return byOrder(raw, 'dmy', '-/.') ?? expected();
    case 'YYYY年MM月DD日':
      return cn ? fromParts(cn[1]!, cn[2]!, cn[3]!, cn[4]!) : expected();
    case 'excel':
      return fromExcelSerial(raw) ?? fail('excelDate');
    case 'auto': {
      if (cn) return fromParts(cn[1]!, cn[2]!, cn[3]!, cn[4]!);
      const ymd = byOrder(raw, 'ymd', '-/.');
      if (ymd) return ymd;
      const dotted = raw.match(/^\d{1,2}\.\d{1,2}\.\d{2,4}/) ? byOrder(raw, 'dmy', '.') : undefined;
      if (dotted) return dotted;
      const us = raw.match(/^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})/);
      if (us) return byOrder(raw, Number(us[1]) > 12 ? 'dmy' : 'mdy', '-/') ?? expected();
      return byMonthName(raw) ?? fromExcelSerial(raw) ?? expected();
    }
  }
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1–12 for an English month name or its abbreviation (`Mar`, `March`, `Sept`), else undefined. */
function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((m) => m.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

/**
 * Dates with an English month name, as US Excel and many CRMs export them: `Mar 1, 2017`, `March 1 2017`
 * (month first) and `1-Mar-17`, `01 Mar 2017`, `1 March 2017` (day first); the name says which is the
 * month, so neither order is ambiguous.
 */
function byMonthName(raw: string): Parsed<DateValue> | undefined {
  const monthFirst = raw.match(/^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4}|\d{2})\b(.*)$/);
  const dayFirst = raw.match(/^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ](\d{4}|\d{2})\b(.*)$/);
  const [, name, day, year, rest] = monthFirst
    ? monthFirst
    : dayFirst
      ? [dayFirst[0], dayFirst[2], dayFirst[1], dayFirst[3], dayFirst[4]]
      : [];
  const month = name ? monthNumber(name) : undefined;
  if (!month) return undefined;
  return fromParts(year!, String(month), day!, rest ?? '');
}

/** The instant of a date cell: its time (in its zone, else UTC), or 00:00 UTC of the day. */
export function toTimestamp(v: DateValue): string {
  const base = Date.parse(`${v.date}T${v.time ?? '00:00:00'}Z`);
  return new Date(base - (v.offsetMinutes ?? 0) * 60_000).toISOString();
}

/** Guesses the date format of a column from sample cells: the one format that reads them all. */
export function guessDateFormat(samples: string[]): DateFormat | undefined {
  const cells = samples.map((s) => s.trim()).filter(Boolean);
  if (!cells.length) return undefined;
  const fits = (f: DateFormat) => cells.every((c) => parseDate(c, f).ok);
  // Slash dates: day-first when some first number is above 12, month-first otherwise.
  if (cells.some((c) => /^\d{1,2}\/\d{1,2}\/\d{2,4}/.test(c))) {
    if (fits('DD/MM/YYYY') && cells.some((c) => Number(c.split('/')[0]) > 12)) return 'DD/MM/YYYY';
    if (fits('MM/DD/YYYY')) return 'MM/DD/YYYY';
  }
  return fits('auto') ? 'auto' : undefined;
}

// --- numbers and amounts -------------------------------------------------------------------------------

export const DECIMAL_MARKS = ['auto', '.', ','] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];

export type Amount = { value: number; currency: string | null };

/** Currency signs and words as they appear in cells, and the ISO code each stands for. */
const PLAIN = /^[\d.,]+$/;
const CURRENCY_SIGNS: [RegExp, string][] = [
  [/^(?:CN¥|RMB|CNY|人民币|¥|￥)/i, 'CNY'],
  [/(?:元|RMB|CNY|人民币|¥|￥)$/i, 'CNY'],
  [/^(?:US\$|USD|\$)/i, 'USD'],
  [/(?:USD|\$)$/i, 'USD'],
  [/^(?:EUR|€)/i, 'EUR'],
  [/(?:EUR|€)$/i, 'EUR'],
  [/^(?:GBP|£)/i, 'GBP'],
  [/(?:GBP|£)$/i, 'GBP'],
  [/^(?:HK\$|HKD)/i, 'HKD'],
  [/^JPY|JPY$/i, 'JPY'],
];

/**
 * Reads an amount: `¥1,234.00`, `1.234,56 €` (decimal comma), `(1,234)` and `-1,234` (negative),
 * `12万` / `1.5亿` (ten thousand / hundred million), `CNY 12,000`, `12 000`. With the decimal mark `auto`,
 * a number with both `.` and `,` takes the last one as the decimal mark; a lone `,` followed by exactly
 * three digits (1,234 or 12,345,678) groups thousands, otherwise it is a decimal comma.
 */
export function parseAmount(input: string, decimal: DecimalMark = 'auto'): Parsed<Amount> {
  let s = halfWidth(input)
    .trim()
    .replace(/[\s\u00a0\u2009\u202f']/g, '');
  if (!s) return fail('amount');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  let currency: string | null = null;
  // Only digits and separators: no currency sign to look for.
  if (!PLAIN.test(s))
    for (const [re, code] of CURRENCY_SIGNS) {
      if (re.test(s)) {
        currency = code;
        s = s.replace(re, '');
        break;
      }
    }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  let scale = 1;
  const unit = s.match(/(万元?|亿元?|千元?)$/);
  if (unit) {
    scale = unit[1]!.startsWith('万') ? 10_000 : unit[1]!.startsWith('亿') ? 100_000_000 : 1_000;
    s = s.slice(0, -unit[1]!.length);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return fail('amountExample');
  let mark: '.' | ',';
  if (decimal !== 'auto') mark = decimal;
  else if (s.includes('.') && s.includes(',')) mark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  else if (s.includes(',')) mark = /^\d{1,3}(,\d{3})+$/.test(s) ? '.' : ',';
  else mark = (s.match(/\./g)?.length ?? 0) > 1 ? ',' : '.';
  const group = mark === '.' ? ',' : '.';
  const parts = s.split(mark);
  if (parts.length > 2) return fail('oneDecimalMark', { mark });
  const int = parts[0]!;
  if (int.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(int))
    return fail('thousandsGrouping');
  const frac = parts[1];
  if (frac !== undefined && !/^\d*$/.test(frac)) return fail('amountSimple');
  const text = `${int.replaceAll(group, '') || '0'}.${frac ?? ''}`;
  const value = Number(text) * scale;
  if (!Number.isFinite(value)) return fail('amount');
  return ok({ value: negative ? -value : value, currency });
}

export function parseInteger(input: string): Parsed<number> {
  const a = parseAmount(input);
  if (!a.ok || !Number.isInteger(a.value.value)) return fail('wholeNumber');
  return ok(a.value.value);
}

const TRUE = new Set([
  'true',
  'yes',
  'y',
  '1',
  'x',
  '✓',
  '✔',
  '是',
  '有',
  '对',
  'on',
  'active',
  '启用',
  'ja',
  'oui',
]);
const FALSE = new Set([
  'false',
  'no',
  'n',
  '0',
  '否',
  '无',
  '不',
  'off',
  'inactive',
  '停用',
  'nein',
  'non',
  '-',
]);

export function parseBoolean(input: string): Parsed<boolean> {
  const s = input.trim().toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return fail('yesNo');
}
