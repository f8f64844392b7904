import { type FieldError, fieldError } from '../field-errors.ts';
import { type EntitySpec, entitySpec, type FieldSpec, type RefKind } from './entities.ts';
import type { ImportEntity, ImportMapping } from './mapping.ts';
import { emailKey, looksLikeEmail, referenceKey } from './normalize.ts';
import { type Problem, type ProblemCode, type ProblemParams, problem } from './problems.ts';
import {
  type DateFormat,
  type DecimalMark,
  parseAmount,
  parseBoolean,
  parseDate,
  parseInteger,
  toTimestamp,
} from './values.ts';

/** One problem with a row: the field, the source column, the cell and what is wrong (worded by `problemText`). */
export type RowError = {
  field: string;
  column: string | null;
  value: string;
  problem: Problem;
  /** A reference (or stage) that matches no record, or several. */
  unmatched?: 'missing' | 'ambiguous';
};
/** A mapping that does not fit its entity or file: the path in the mapping and what is wrong. */
export type MappingError = FieldError;

/** How references become ids: the server answers from the organization's records. */
export type Resolution = { id: string } | { error: 'missing' | 'ambiguous'; problem?: Problem };
export interface RefResolver {
  resolve(kind: RefKind, raw: string): Resolution;
  defaultPipeline(): string | null;
  /** The pipeline's stages in order; `retired`: takes no open deals (see src/core/process/retirement.ts). */
  stagesOf(pipelineId: string): readonly {
    id: string;
    position: number;
    names: readonly string[];
    retired?: boolean;
  }[];
  /**
   * Whether the existing open deal with this external id sits in the retired stage `stageId`: a re-import that
   * names its stage leaves it there, as a PATCH that does not change the stage may (no deal enters it).
   * Absent: no deal is known, so an open deal naming a retired stage is refused.
   */
  keepsRetiredStage?(externalId: string, stageId: string): boolean;
}

export type ValidationContext = {
  resolver: RefResolver;
  /** The user records without an owner get. */
  defaultOwnerId: string | null;
  currency: string;
  now: Date;
};

type Compiled = {
  spec: FieldSpec;
  column: number;
  header: string | null;
  fallback: string | null;
  values: Map<string, string>;
  valueKeys: Map<string, string>;
};

export type CompiledMapping = {
  entity: ImportEntity;
  fields: Compiled[];
  externalIdColumn: number;
  dateFormat: DateFormat;
  decimal: DecimalMark;
  width: number;
};

/** The output key of a field: references become ids (`owner` → `ownerId`). */
export const outputKey = (f: FieldSpec) => (f.kind === 'ref' || f.kind === 'stage' ? `${f.key}Id` : f.key);

/** The column a header name refers to: exact, else the one header with the same reference key. */
export function findColumn(headers: readonly string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const trimmed = headers.findIndex((h) => h.trim() === name.trim());
  if (trimmed >= 0) return trimmed;
  const key = referenceKey(name);
  const hits = headers.flatMap((h, i) => (key && referenceKey(h) === key ? [i] : []));
  return hits.length === 1 ? hits[0]! : -1;
}

/** A mapping naming a column the file does not have: the file's columns (the first 30) are listed. */
export const noColumn = (field: string, column: string, headers: readonly string[]): MappingError =>
  fieldError(`columns.${field}`, 'no_column', {
    column,
    columns: headers
      .slice(0, 30)
      .map((h) => JSON.stringify(h))
      .join(', '),
  });

/** The fields a mapping names (columns, value maps, defaults) that the entity does not have. */
export function unknownFields(entity: ImportEntity, mapping: ImportMapping): MappingError[] {
  const fields = entitySpec(entity).fields.map((f) => f.key);
  const known = new Set(fields);
  return (['columns', 'values', 'defaults'] as const).flatMap((part) =>
    Object.keys(mapping[part] ?? {})
      .filter((key) => !known.has(key))
      .map((key) => fieldError(`${part}.${key}`, 'not_a_field', { entity, fields: fields.join(', ') })),
  );
}

/**
 * Checks a mapping against an entity and the file's headers, and prepares it for fast row validation.
 * Every problem is reported (unknown fields, columns not in the file, required fields unmapped, value
 * maps to values that do not exist), each with its path in the mapping.
 */
export function compileMapping(
  entity: ImportEntity,
  mapping: ImportMapping,
  headers: readonly string[],
): { ok: true; compiled: CompiledMapping } | { ok: false; errors: MappingError[] } {
  const spec: EntitySpec = entitySpec(entity);
  const errors: MappingError[] = unknownFields(entity, mapping);
  const fields: Compiled[] = [];
  for (const f of spec.fields) {
    const header = mapping.columns[f.key];
    let column = -1;
    if (header !== undefined) {
      column = findColumn(headers, header);
      if (column < 0) {
        errors.push(noColumn(f.key, header, headers));
      }
    }
    const fallback = mapping.defaults?.[f.key] ?? null;
    if (f.required && header === undefined && fallback === null)
      errors.push(fieldError(`columns.${f.key}`, 'column_required', { field: f.key }));
    const values = new Map<string, string>();
    const valueKeys = new Map<string, string>();
    for (const [from, to] of Object.entries(mapping.values?.[f.key] ?? {})) {
      if (f.values && !(to in f.values)) {
        errors.push(
          fieldError(`values.${f.key}.${from}`, 'one_of', { values: Object.keys(f.values).join(', ') }),
        );
        continue;
      }
      values.set(from, to);
      valueKeys.set(referenceKey(from), to);
    }
    if (column >= 0 || fallback !== null)
      fields.push({
        spec: f,
        column,
        header: column >= 0 ? headers[column]! : null,
        fallback,
        values,
        valueKeys,
      });
  }
  if (errors.length) return { ok: false, errors };
  const ext = fields.find((f) => f.spec.key === 'externalId');
  return {
    ok: true,
    compiled: {
      entity,
      fields,
      externalIdColumn: ext?.column ?? -1,
      dateFormat: mapping.formats?.date ?? 'auto',
      decimal: mapping.formats?.decimal ?? 'auto',
      width: headers.length,
    },
  };
}

/** Built-in words per enum value, by reference key; computed once per field. */
const synonymCache = new WeakMap<FieldSpec, Map<string, string>>();
function synonyms(f: FieldSpec): Map<string, string> {
  let m = synonymCache.get(f);
  if (!m) {
    m = new Map();
    for (const [value, words] of Object.entries(f.values ?? {})) {
      m.set(referenceKey(value), value);
      for (const w of words) if (!m.has(referenceKey(w))) m.set(referenceKey(w), value);
    }
    synonymCache.set(f, m);
  }
  return m;
}

function sizeBand(n: number): string {
  if (n < 50) return '1-49';
  if (n < 250) return '50-249';
  if (n < 1000) return '250-999';
  if (n < 5000) return '1000-4999';
  return '5000+';
}

const MAX_MONEY = 99_999_999_999_999;

export type RowResult = { record: Record<string, unknown>; errors: RowError[] };

/**
 * Turns one row into a typed record for the entity, or the list of what is wrong with it. References are
 * resolved through the context's resolver; a reference that matches no record or several is an error
 * naming the value (never dropped silently).
 */
export function validateRow(m: CompiledMapping, cells: readonly string[], ctx: ValidationContext): RowResult {
  const record: Record<string, unknown> = {};
  const errors: RowError[] = [];
  const raw: Record<string, string> = {};
  let amountCurrency: string | null = null;
  if (cells.length > m.width && cells.slice(m.width).some((c) => c.trim() !== ''))
    errors.push(rowError('', null, '', problem('tooManyCells', { cells: cells.length, width: m.width })));
  for (const c of m.fields) {
    const f = c.spec;
    const cell = c.column >= 0 ? (cells[c.column] ?? '') : '';
    let text = cell.trim();
    if (!text && c.fallback !== null) text = c.fallback.trim();
    const err = (code: ProblemCode | Problem, params?: ProblemParams) =>
      errors.push(rowError(f.key, c.header, cell, typeof code === 'string' ? problem(code, params) : code));
    if (!text) {
      if (f.required) err('required');
      continue;
    }
    raw[f.key] = text;
    switch (f.kind) {
      case 'text':
        if (f.max && text.length > f.max) err('maxChars', { max: f.max });
        else record[f.key] = text;
        break;
      case 'email': {
        const e = emailKey(text);
        if (!looksLikeEmail(e) || e.length > 254) err('email');
        else record[f.key] = e;
        break;
      }
      case 'enum': {
        const key = referenceKey(text);
        let v = c.values.get(text) ?? c.valueKeys.get(key) ?? synonyms(f).get(key);
        if (v === undefined && f.key === 'size') {
          const n = parseInteger(text);
          if (n.ok && n.value > 0) v = sizeBand(n.value);
        }
        if (v === undefined) err('unknownValue', { allowed: Object.keys(f.values ?? {}).join(', ') });
        else record[f.key] = v;
        break;
      }
      case 'date':
      case 'timestamp': {
        const d = parseDate(text, m.dateFormat);
        if (!d.ok) err(d.problem);
        else record[f.key] = f.kind === 'date' ? d.value.date : toTimestamp(d.value);
        break;
      }
      case 'money': {
        const a = parseAmount(text, m.decimal);
        if (!a.ok) err(a.problem);
        else if (a.value.value < 0) err('negative');
        else if (a.value.value > MAX_MONEY) err('tooLarge');
        else {
          record[f.key] = Math.round(a.value.value * 100) / 100;
          amountCurrency = a.value.currency;
        }
        break;
      }
      case 'integer': {
        const n = parseInteger(text);
        if (!n.ok) err(n.problem);
        else record[f.key] = n.value;
        break;
      }
      case 'boolean': {
        const b = parseBoolean(text);
        if (!b.ok) err(b.problem);
        else record[f.key] = b.value;
        break;
      }
      case 'currency': {
        const a = parseAmount(`${text}1`);
        const code = /^[A-Za-z]{3}$/.test(text) ? text.toUpperCase() : a.ok ? a.value.currency : null;
        if (!code) err('currency');
        else record[f.key] = code;
        break;
      }
      case 'ref': {
        const r = ctx.resolver.resolve(f.ref!, text);
        if ('id' in r) record[outputKey(f)] = r.id;
        else
          errors.push(
            rowError(
              f.key,
              c.header,
              cell,
              r.problem ??
                problem(r.error === 'missing' ? 'refMissing' : 'refAmbiguous', { kind: f.ref!, value: text }),
              r.error,
            ),
          );
        break;
      }
      case 'stage':
        break; // resolved below, once the pipeline is known
    }
  }
  finishers[m.entity]?.(record, raw, ctx, amountCurrency, (field, p, unmatched) => {
    const c = m.fields.find((x) => x.spec.key === field);
    const cell = c && c.column >= 0 ? (cells[c.column] ?? '') : (raw[field] ?? '');
    errors.push(rowError(field, c?.header ?? null, cell, p, unmatched));
  });
  return { record, errors };
}

type Finisher = (
  record: Record<string, unknown>,
  raw: Record<string, string>,
  ctx: ValidationContext,
  amountCurrency: string | null,
  err: (field: string, problem: Problem, unmatched?: 'missing') => void,
) => void;

const withOwner: Finisher = (record, raw, ctx, _c, err) => {
  if (record.ownerId === undefined && raw.owner === undefined) {
    if (ctx.defaultOwnerId) record.ownerId = ctx.defaultOwnerId;
    else err('owner', problem('required'));
  }
};

const finishers: Partial<Record<ImportEntity, Finisher>> = {
  accounts: withOwner,
  contacts: withOwner,
  activities: (record, raw, ctx, c, err) => {
    withOwner(record, raw, ctx, c, err);
    if (!record.status && typeof record.startAt === 'string')
      record.status = Date.parse(record.startAt) <= ctx.now.getTime() ? 'done' : 'planned';
    if (
      typeof record.durationMinutes === 'number' &&
      (record.durationMinutes < 0 || record.durationMinutes > 10080)
    )
      err('durationMinutes', problem('durationRange'));
  },
  products: (record, _raw, ctx, c) => {
    record.currency ??= c ?? ctx.currency;
  },
  opportunities: (record, raw, ctx, amountCurrency, err) => {
    withOwner(record, raw, ctx, amountCurrency, err);
    record.currency ??= amountCurrency ?? ctx.currency;
    record.amount ??= 0;
    const status = (record.status as string | undefined) ?? 'open';
    record.status = status;
    if (raw.pipeline !== undefined && record.pipelineId === undefined) return;
    const pipelineId = (record.pipelineId as string | undefined) ?? ctx.resolver.defaultPipeline();
    if (!pipelineId) {
      err('pipeline', problem('noDefaultPipeline'));
      return;
    }
    record.pipelineId = pipelineId;
    const stages = ctx.resolver.stagesOf(pipelineId);
    if (raw.stage !== undefined) {
      const key = referenceKey(raw.stage);
      const byPosition = /^\d{1,2}$/.test(raw.stage)
        ? stages.find((s) => s.position === Number(raw.stage))
        : undefined;
      const hit = byPosition ?? stages.find((s) => s.names.some((n) => referenceKey(n) === key));
      if (!hit) {
        const names = (i: number) => stages.map((s) => s.names[i] ?? s.names[0]).join(', ');
        const params = { value: raw.stage, stages: names(0), stagesZh: names(1) };
        err('stage', problem('unknownStage', params), 'missing');
      } else if (hit.retired && status === 'open' && !keepsStage(ctx, record, hit.id)) {
        // As the API refuses creating a deal in a retired stage or moving one there (a deal already there
        // may stay); closed deals there are history and go in.
        err(
          'stage',
          problem('stageRetired', { stage: hit.names[0]!, stageZh: hit.names[1] ?? hit.names[0]! }),
        );
      } else record.stageId = hit.id;
    } else if (stages.length) {
      // A won deal defaults to the last stage (history), an open one to the first it may be in.
      const active = stages.find((s) => !s.retired);
      record.stageId = status === 'won' ? stages.at(-1)!.id : (active ?? stages[0]!).id;
    }
    // Closed deals need the day they closed; for open deals a close date is the expected one.
    if (status === 'open') {
      if (record.closedAt && !record.expectedCloseDate) record.expectedCloseDate = record.closedAt;
      record.closedAt = null;
    } else {
      const given = record.closedAt !== undefined;
      record.closedAt ??= record.expectedCloseDate ?? null;
      const closedAt = record.closedAt as string | null;
      if (!closedAt) err('closedAt', problem('closedNeedsDate', { status }));
      // A deal cannot have been won or lost after the import (it would count in win rates of days to
      // come); a close date that could not be read is reported once, by its parser.
      else if (closedAt > importDay(ctx.now) && (given || raw.closedAt === undefined)) {
        if (given) err('closedAt', problem('closedInFuture', { status, date: closedAt }));
        else err('expectedCloseDate', problem('closedFromExpectedInFuture', { status, date: closedAt }));
      }
    }
    record.forecastCategory ??= status === 'won' ? 'closed' : status === 'open' ? 'pipeline' : 'omitted';
    // A created date that could not be read is reported once, not again by the checks below.
    if (raw.createdAt !== undefined && record.createdAt === undefined) return;
    // No created date in the file: the deal starts at the earliest moment the row does give (the day it
    // entered its stage or closed) when that is before the import, else at the import. Closed deals
    // migrated from a spreadsheet without an "opened" column so go in (their cycle counting from there;
    // map a created date for real cycle times) instead of being refused as closed before created.
    const created =
      (record.createdAt as string | undefined) ??
      [
        record.stageEnteredAt as string | undefined,
        record.closedAt ? `${record.closedAt as string}T00:00:00.000Z` : undefined,
        ctx.now.toISOString(),
      ]
        .filter((d): d is string => d !== undefined)
        .sort()[0]!;
    record.createdAt = created;
    if (record.closedAt && (record.closedAt as string) < created.slice(0, 10))
      err('closedAt', problem('closedBeforeCreated', { created: created.slice(0, 10) }));
    const entered = record.stageEnteredAt as string | undefined;
    if (entered) {
      if (entered < created)
        err('stageEnteredAt', problem('enteredBeforeCreated', { created: created.slice(0, 10) }));
      else if (record.closedAt && entered.slice(0, 10) > (record.closedAt as string))
        err('stageEnteredAt', problem('enteredAfterClosed'));
    }
  },
};

/** An existing deal (matched by external id, as the writer matches it) already in this retired stage. */
const keepsStage = (ctx: ValidationContext, record: Record<string, unknown>, stageId: string) =>
  typeof record.externalId === 'string' &&
  (ctx.resolver.keepsRetiredStage?.(record.externalId, stageId) ?? false);

/**
 * The last calendar day it is anywhere at `now` (UTC+14): a deal closed "today" by the importer's clock
 * is never refused as closed in the future, whatever their time zone.
 */
export const importDay = (now: Date): string =>
  new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

export function rowError(
  field: string,
  column: string | null,
  value: string,
  p: Problem,
  unmatched?: 'missing' | 'ambiguous',
): RowError {
  return { field, column, value, problem: p, ...(unmatched && { unmatched }) };
}

/** A stable key for an external id (trimmed). */
export const externalIdOf = (m: CompiledMapping, cells: readonly string[]): string | null => {
  if (m.externalIdColumn < 0) return null;
  const v = (cells[m.externalIdColumn] ?? '').trim();
  return v || null;
};

/** Whether a referenced text looks like an e-mail (users are matched by e-mail first). */
export const isEmailRef = (raw: string) => looksLikeEmail(raw);
