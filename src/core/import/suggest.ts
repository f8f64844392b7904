import { entitySpec, type FieldSpec } from './entities.ts';
import type { ImportEntity, ImportMapping } from './mapping.ts';
import { referenceKey } from './normalize.ts';
import { type DateFormat, guessDateFormat, parseAmount, parseInteger } from './values.ts';

/**
 * A first mapping for a file: each field gets the header that names it (English or Chinese, compared by
 * reference key, so `Deal Name`, `deal_name` and `DEAL NAME` all match), exact names first, then headers
 * that contain a known name. Sample values of enum columns that the built-in words do not cover are
 * listed (`unknownValues`, for the user to map), and the date format and decimal mark are guessed.
 */
export function suggestMapping(
  entity: ImportEntity,
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[] = [],
): { mapping: ImportMapping; unmappedHeaders: string[]; unknownValues: Record<string, string[]> } {
  const spec = entitySpec(entity);
  const keys = headers.map((h) => referenceKey(h));
  const used = new Set<number>();
  const columns: Record<string, string> = {};
  const pass = (match: (headerKey: string, known: string) => boolean) => {
    for (const f of spec.fields) {
      if (columns[f.key] !== undefined) continue;
      const names = [f.key, ...f.headers].map(referenceKey).filter(Boolean);
      const i = keys.findIndex((k, idx) => !used.has(idx) && k && names.some((n) => match(k, n)));
      if (i >= 0) {
        used.add(i);
        columns[f.key] = headers[i]!;
      }
    }
  };
  pass((k, n) => k === n);
  pass((k, n) => n.length >= 2 && (k.includes(n) || (k.length >= 3 && n.includes(k))));

  const column = (field: string) => {
    const h = columns[field];
    if (h === undefined) return [];
    const i = headers.indexOf(h);
    return sampleRows.map((r) => (r[i] ?? '').trim()).filter(Boolean);
  };
  const mapping: ImportMapping = { columns };
  const formats: NonNullable<ImportMapping['formats']> = {};
  const dateCells = spec.fields
    .filter((f) => f.kind === 'date' || f.kind === 'timestamp')
    .flatMap((f) => column(f.key));
  const date: DateFormat | undefined = guessDateFormat(dateCells);
  if (date && date !== 'auto') formats.date = date;
  const amounts = spec.fields.filter((f) => f.kind === 'money').flatMap((f) => column(f.key));
  if (
    amounts.length &&
    amounts.every((a) => /^[^,]*\d\.\d{3},\d{1,2}\D*$|^\D*\d+,\d{1,2}\D*$/.test(a)) &&
    amounts.every((a) => parseAmount(a, ',').ok)
  )
    formats.decimal = ',';
  if (Object.keys(formats).length) mapping.formats = formats;
  const unknownValues: Record<string, string[]> = {};
  for (const f of spec.fields.filter((x) => x.kind === 'enum' && x.values)) {
    const known = new Set(Object.entries(f.values!).flatMap(([v, words]) => [v, ...words].map(referenceKey)));
    const unknown = [...new Set(column(f.key))].filter((v) => !known.has(referenceKey(v)));
    if (unknown.length) unknownValues[f.key] = unknown.slice(0, 50);
  }
  const unmappedHeaders = headers.filter((_, i) => !used.has(i));
  return { mapping, unmappedHeaders, unknownValues };
}

const SIZE_BANDS: readonly [number, string][] = [
  [50, '1-49'],
  [250, '50-249'],
  [1000, '250-999'],
  [5000, '1000-4999'],
];

/**
 * What the built-in words make of a cell of an enum field without a value map (`赢单` → `won`, `Won` →
 * `won`, a head count → its company-size band), or undefined when the cell needs one.
 */
export function builtinValue(field: FieldSpec, cell: string): string | undefined {
  if (!field.values) return undefined;
  const key = referenceKey(cell.trim());
  if (!key) return undefined;
  for (const [value, words] of Object.entries(field.values))
    if (referenceKey(value) === key || words.some((w) => referenceKey(w) === key)) return value;
  if (field.key === 'size') {
    const n = parseInteger(cell);
    if (n.ok && n.value > 0) return SIZE_BANDS.find(([below]) => n.value < below)?.[1] ?? '5000+';
  }
  return undefined;
}
