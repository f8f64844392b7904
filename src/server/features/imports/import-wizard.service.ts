import type pg from 'pg';
import { DELIMITERS } from '../../../core/import/csv.ts';
import { ENCODINGS } from '../../../core/import/encoding.ts';
import { entitySpec } from '../../../core/import/entities.ts';
import { IMPORT_ENTITIES, type ImportEntity, type ImportMapping } from '../../../core/import/mapping.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import { builtinValue, suggestMapping } from '../../../core/import/suggest.ts';
import { findColumn, noColumn } from '../../../core/import/validate.ts';
import { DATE_FORMATS, DECIMAL_MARKS } from '../../../core/import/values.ts';
import type { Actor } from '../../auth/actor.ts';
import { DomainError } from '../../http/errors.ts';
import { requireAdmin } from './access.ts';
import { loadFile, shapeOrThrow } from './import-files.service.ts';
import { bufferSource, dataRows } from './source.ts';

/**
 * The wizard's mapping step: what can be imported, a suggested mapping for a file, and the values of its
 * enum columns to map.
 */

/** What can be imported: the fields of each entity, and the formats a mapping may name. */
export function importEntities(actor: Actor) {
  requireAdmin(actor);
  return {
    entities: IMPORT_ENTITIES.map((name) => ({
      name,
      fields: entitySpec(name).fields.map((f) => ({
        key: f.key,
        kind: f.kind,
        required: f.required ?? false,
        values: f.values ? Object.keys(f.values) : null,
        help: f.help,
      })),
    })),
    dateFormats: [...DATE_FORMATS],
    decimalMarks: [...DECIMAL_MARKS],
    encodings: ['auto', ...ENCODINGS],
    delimiters: ['auto', ...DELIMITERS],
  };
}

export async function suggest(o: { pool: pg.Pool; actor: Actor; fileId: string; entity: ImportEntity }) {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f);
  return { shape, ...suggestMapping(o.entity, shape.headers, shape.sample) };
}

export type ColumnValues = {
  field: string;
  column: string;
  /** How many different values the column has (counted up to MAX_DISTINCT). */
  distinct: number;
  truncated: boolean;
  values: { value: string; rows: number; builtin: string | null }[];
};

const MAX_DISTINCT = 10_000;

/**
 * The different values in the columns of a mapping's enum fields (status, forecast category, role, type
 * …) over the whole file, most frequent first, each with what the built-in words make of it (null: it
 * needs a value map).
 */
export async function columnValues(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  limit: number;
}): Promise<{ rows: number; fields: ColumnValues[] }> {
  const f = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(f, o.mapping.formats);
  const wanted = entitySpec(o.entity)
    .fields.filter((x) => x.kind === 'enum' && o.mapping.columns[x.key] !== undefined)
    .map((spec) => ({ spec, index: findColumn(shape.headers, o.mapping.columns[spec.key]!) }));
  const missing = wanted.filter((w) => w.index < 0);
  if (missing.length)
    throw new DomainError(422, 'invalid_mapping', 'The file has no such column.', {
      errors: missing.map((w) => noColumn(w.spec.key, o.mapping.columns[w.spec.key]!, shape.headers)),
    });
  // Values a value map would treat as one (same reference key: `Won`, `won `, `WON`) are counted as one,
  // under the spelling seen first.
  const counts = wanted.map(() => new Map<string, { value: string; rows: number }>());
  const overflow = wanted.map(() => false);
  let rows = 0;
  for await (const r of dataRows(bufferSource(f.name, f.content), shape)) {
    rows++;
    wanted.forEach((w, i) => {
      const v = (r.fields[w.index] ?? '').trim();
      if (!v) return;
      const m = counts[i]!;
      const key = referenceKey(v) || `\u0000${v}`;
      const seen = m.get(key);
      if (seen) seen.rows++;
      else if (m.size < MAX_DISTINCT) m.set(key, { value: v, rows: 1 });
      else overflow[i] = true;
    });
  }
  return {
    rows,
    fields: wanted.map((w, i) => {
      const m = counts[i]!;
      const sorted = [...m.values()].sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
      return {
        field: w.spec.key,
        column: shape.headers[w.index]!,
        distinct: m.size,
        truncated: overflow[i]! || sorted.length > o.limit,
        values: sorted
          .slice(0, o.limit)
          .map(({ value, rows: n }) => ({ value, rows: n, builtin: builtinValue(w.spec, value) ?? null })),
      };
    }),
  };
}
