// The wizard's pure rules: editing a mapping (columns, value maps, formats), what is still missing, and
// grouping the preview's problems by row, and wording them in the user's language.
import { type ProblemCode, type ProblemParams, problemText } from '../../../core/import/problems.ts';
import { languageOf } from '../../../core/wording.ts';
import type { ImportField, ImportMapping, ImportPreview } from './api.ts';

type Formats = NonNullable<ImportMapping['formats']>;

/** The mapping with `field` read from `header` (null: not imported); its value map stays. */
export function setColumn(m: ImportMapping, field: string, header: string | null): ImportMapping {
  const columns = { ...m.columns };
  if (header) columns[field] = header;
  else delete columns[field];
  return { ...m, columns };
}

/** The mapping with `source` (a cell of `field`'s column) turned into `target` (null: automatic). */
export function setValue(
  m: ImportMapping,
  field: string,
  source: string,
  target: string | null,
): ImportMapping {
  const values = { ...(m.values ?? {}) };
  const map = { ...(values[field] ?? {}) };
  if (target) map[source] = target;
  else delete map[source];
  if (Object.keys(map).length) values[field] = map;
  else delete values[field];
  const { values: _old, ...rest } = m;
  return Object.keys(values).length ? { ...rest, values } : rest;
}

/** The mapping with `value` for `field`'s empty cells, or for every row when no column is mapped ('' clears it). */
export function setDefault(m: ImportMapping, field: string, value: string): ImportMapping {
  const defaults = { ...(m.defaults ?? {}) };
  if (value.trim()) defaults[field] = value;
  else delete defaults[field];
  const { defaults: _old, ...rest } = m;
  return Object.keys(defaults).length ? { ...rest, defaults } : rest;
}

/** The mapping with a format set (null or `auto`: detected). */
export function setFormat<K extends keyof Formats>(
  m: ImportMapping,
  key: K,
  value: Formats[K] | null,
): ImportMapping {
  const formats: Formats = { ...(m.formats ?? {}) };
  if (value && value !== 'auto') formats[key] = value;
  else delete formats[key];
  const { formats: _old, ...rest } = m;
  return Object.keys(formats).length ? { ...rest, formats } : rest;
}

/** The mapping with possible duplicates created (`duplicates: "create"`) or skipped (the default, left out). */
export function setDuplicates(m: ImportMapping, create: boolean): ImportMapping {
  const { duplicates: _old, ...rest } = m;
  return create ? { ...rest, duplicates: 'create' } : rest;
}

/**
 * A saved or suggested mapping applied to this file: columns the file does not have are left out (the
 * user picks them again), the encoding and delimiter chosen for the file are kept.
 */
export function applyMapping(
  saved: ImportMapping,
  headers: readonly string[],
  current: ImportMapping,
): { mapping: ImportMapping; dropped: string[] } {
  const columns: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [field, header] of Object.entries(saved.columns)) {
    const hit = headers.find((h) => h === header) ?? headers.find((h) => h.trim() === header.trim());
    if (hit !== undefined) columns[field] = hit;
    else dropped.push(field);
  }
  const { formats, columns: _saved, ...rest } = saved;
  let mapping: ImportMapping = { ...rest, columns };
  if (formats?.date) mapping = setFormat(mapping, 'date', formats.date);
  if (formats?.decimal) mapping = setFormat(mapping, 'decimal', formats.decimal);
  mapping = setFormat(mapping, 'encoding', current.formats?.encoding ?? null);
  mapping = setFormat(mapping, 'delimiter', current.formats?.delimiter ?? null);
  return { mapping, dropped };
}

/** Required fields with neither a column nor a default. */
export function missingRequired(fields: readonly ImportField[], m: ImportMapping): ImportField[] {
  return fields.filter(
    (f) => f.required && m.columns[f.key] === undefined && m.defaults?.[f.key] === undefined,
  );
}

/** What a cell of an enum field becomes: the value map, else the built-in words, else nothing. */
export function mappedValue(
  m: ImportMapping,
  field: string,
  v: { value: string; builtin: string | null },
): { value: string | null; how: 'map' | 'builtin' | null } {
  const explicit = m.values?.[field]?.[v.value];
  if (explicit) return { value: explicit, how: 'map' };
  if (v.builtin) return { value: v.builtin, how: 'builtin' };
  return { value: null, how: null };
}

/** The first non-empty cell of a column in the sample rows (to show next to the column's name). */
export function exampleCell(
  headers: readonly string[],
  sample: readonly (readonly string[])[],
  header: string,
) {
  const i = headers.indexOf(header);
  if (i < 0) return null;
  return sample.map((r) => (r[i] ?? '').trim()).find(Boolean) ?? null;
}

export type Problem = ImportPreview['errors'][number];

/** A problem in the interface's language (problems recorded before they had codes keep their English). */
export function problemWords(
  p: { code: ProblemCode | null; params: ProblemParams | null; message: string },
  language: string,
): string {
  return p.code
    ? problemText({ code: p.code, ...(p.params && { params: p.params }) }, languageOf(language), 'web')
    : p.message;
}

/** The preview's problems by spreadsheet row. */
export function problemsByRow(errors: readonly Problem[]): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  for (const e of errors) {
    const list = out.get(e.row) ?? [];
    list.push(e);
    out.set(e.row, list);
  }
  return out;
}

/** The columns of the preview table: the fields any sample row has, in the entity's order. */
export function sampleFields(fields: readonly ImportField[], sample: ImportPreview['sample']): string[] {
  const present = new Set(sample.flatMap((r) => Object.keys(r.values)));
  return fields.map((f) => f.key).filter((k) => present.has(k));
}
