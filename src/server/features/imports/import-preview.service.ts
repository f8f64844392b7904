import type pg from 'pg';
import { entitySpec } from '../../../core/import/entities.ts';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { compileMapping, type RefResolver, validateRow } from '../../../core/import/validate.ts';
import type { Actor } from '../../auth/actor.ts';
import { defaultCurrency } from './import.repo.ts';
import { runImport } from './import.service.ts';
import { loadMappedFile } from './import-files.service.ts';
import { apiProblem, type ReportRow } from './report.ts';
import { type ByteSource, bufferSource, dataRows, type FileShape } from './source.ts';

export type Unmatched = {
  field: string;
  value: string;
  rows: number;
  reason: 'missing' | 'ambiguous';
} & ReturnType<typeof apiProblem>;

/** A dry run over the first `limit` rows: counts, the first problems, the references nothing matches. */
export async function preview(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createMissing: boolean;
  limit: number;
}) {
  const { file: f, shape } = await loadMappedFile(o);
  const all: ReportRow[] = [];
  const s = await runImport({
    pool: o.pool,
    orgId: o.actor.orgId,
    actorId: o.actor.userId,
    entity: o.entity,
    source: bufferSource(f.name, f.content),
    fileSha256: f.sha256,
    mapping: o.mapping,
    createMissing: o.createMissing,
    dryRun: true,
    maxRows: o.limit,
    onErrors: (rows) => all.push(...rows),
  });
  const unmatched = new Map<string, Unmatched>();
  for (const e of all) {
    if (!e.unmatched || !e.field || e.value === null) continue;
    const key = `${e.field}\u0000${e.value}`;
    const u = unmatched.get(key) ?? {
      field: e.field,
      value: e.value,
      rows: 0,
      reason: e.unmatched,
      ...apiProblem(e.problem),
    };
    u.rows++;
    unmatched.set(key, u);
  }
  const currency = await defaultCurrency(o.pool, o.actor.orgId);
  return {
    shape,
    rows: s.rows,
    complete: s.complete,
    counts: s.counts,
    sample: await sampleRecords({
      source: bufferSource(f.name, f.content),
      shape,
      entity: o.entity,
      mapping: o.mapping,
      currency: currency ?? 'CNY',
      rows: Math.min(o.limit, 20),
    }),
    errors: all.slice(0, 100).map(({ problem, ...r }) => ({ ...r, ...apiProblem(problem) })),
    unmatched: [...unmatched.values()].sort((a, b) => b.rows - a.rows).slice(0, 200),
  };
}

export type SampleValue = string | number | boolean | null;
export type SampleRecord = { row: number; values: Record<string, SampleValue> };

/** Stands in for the organization's records: references keep their text, stages are left to the import. */
const displayResolver: RefResolver = {
  resolve: () => ({ id: '' }),
  defaultPipeline: () => 'pipeline',
  stagesOf: () => [],
};

/**
 * The first rows as they would be imported: each field's value after the mapping, value maps and formats
 * (dates as ISO, amounts as numbers, the currency an amount names, defaults such as a deal's forecast
 * category), references as the text that is matched. A cell that cannot be read is null; the preview's
 * problems say why.
 */
async function sampleRecords(o: {
  source: ByteSource;
  shape: FileShape;
  entity: ImportEntity;
  mapping: ImportMapping;
  currency: string;
  rows: number;
}): Promise<SampleRecord[]> {
  const c = compileMapping(o.entity, o.mapping, o.shape.headers);
  if (!c.ok) return [];
  const ctx = { resolver: displayResolver, defaultOwnerId: null, currency: o.currency, now: new Date() };
  const fields = entitySpec(o.entity).fields;
  const mapped = new Map(c.compiled.fields.map((x) => [x.spec.key, x]));
  const out: SampleRecord[] = [];
  for await (const r of dataRows(o.source, o.shape)) {
    const { record } = validateRow(c.compiled, r.fields, ctx);
    const values: Record<string, SampleValue> = {};
    for (const f of fields) {
      const m = mapped.get(f.key);
      if (f.kind === 'ref' || f.kind === 'stage') {
        if (!m) continue;
        const text = ((m.column >= 0 ? r.fields[m.column] : undefined) ?? '').trim() || m.fallback;
        values[f.key] = text || null;
      } else if (m || record[f.key] !== undefined) {
        const v = record[f.key];
        values[f.key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      }
    }
    out.push({ row: r.row, values });
    if (out.length >= o.rows) return out;
  }
  return out;
}
