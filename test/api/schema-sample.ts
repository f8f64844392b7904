import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PASSWORD } from '../helpers.ts';

/** The subset of JSON Schema (as zod emits it) the samplers below understand. */
export type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
};

/** A route schema part (zod, as registered) as JSON Schema with its `$ref`s resolved; undefined for none. */
export function toJson(schema: unknown): JsonSchema | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return resolve(root, root);
}

export function resolve(s: JsonSchema, root: JsonSchema): JsonSchema {
  let cur = s;
  for (let i = 0; cur.$ref && i < 10; i++) {
    const name = cur.$ref.replace('#/$defs/', '');
    cur = root.$defs?.[name] ?? {};
  }
  // Keep $defs reachable from nested nodes.
  return cur === root || !root.$defs ? cur : { ...cur, $defs: root.$defs };
}

const types = (s: JsonSchema) => [s.type ?? []].flat();

/**
 * Which kind of record a field refers to, from its path: `accountId` → accounts, `lineItems.productId` →
 * products, `stages.id` → stages, `parentId` (and a top-level `id` filter) → the route's own kind.
 */
const REFERENCES: Record<string, string> = {
  accountId: 'accounts',
  contactId: 'contacts',
  opportunityId: 'opportunities',
  ownerId: 'users',
  productId: 'products',
  pipelineId: 'pipelines',
  stageId: 'stages',
  teamId: 'teams',
  ownerTeamId: 'teams',
  ownerTeamTreeId: 'teams',
  reachedStageId: 'stages',
  managerId: 'users',
  userId: 'users',
  actorId: 'users',
  participantContactIds: 'contacts',
  fileId: 'import-files',
};

/**
 * Top-level body fields whose valid values the schema cannot express: an import mapping must fit its
 * file (the upload sample, a CSV with a Name column, documented in the upload schema's examples).
 */
const PRESETS: Record<string, unknown> = { mapping: { columns: { name: 'Name' } } };

export function referenceKind(routeKind: string, path: string[]): string | undefined {
  const key = path[path.length - 1];
  if (key === undefined) return undefined;
  if (REFERENCES[key]) return REFERENCES[key];
  if (key === 'parentId') return routeKind;
  if (key === 'id') return path.length === 1 ? routeKind : path[path.length - 2];
  return undefined;
}

export type Sampler = {
  /** The id to put into a reference field at `path` (dot-joined) of `kind`. */
  ref: (kind: string, path: string) => string;
  /** Values for fields the schema cannot describe well (e-mail, password…), by field name. */
  named?: (key: string) => unknown;
  /** Which value of each enum to pick (0: the first), to make records that differ. */
  variant?: number;
  /** Whether to fill an optional nested `id` (the identity of an existing child) at `path`. */
  withId?: (path: string) => boolean;
};

let unique = 0;
const sampleDay = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A valid instance of a JSON Schema: required properties plus every optional one (so reference fields are
 * exercised), except optional `id`s of nested items (identities of existing children). Also returns the
 * reference paths it filled, so a caller can vary them one at a time.
 */
export function sample(
  schema: JsonSchema,
  routeKind: string,
  sampler: Sampler,
  refs: Map<string, string> = new Map(),
  path: string[] = [],
): unknown {
  const s = schema.$ref ? resolve(schema, schema) : schema;
  const key = path[path.length - 1] ?? '';
  const t = types(s);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const pick = alternatives.find((a) => !types(a).includes('null')) ?? alternatives[0]!;
    return sample({ ...pick, $defs: s.$defs }, routeKind, sampler, refs, path);
  }
  if (path.length === 1 && key in PRESETS) return structuredClone(PRESETS[key]);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[(sampler.variant ?? 0) % s.enum.length];
  if (t.includes('object') || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      const required = s.required?.includes(k) ?? false;
      if (!required && k === 'id' && path.length > 0 && !sampler.withId?.([...path, k].join('.'))) continue;
      out[k] = sample({ ...prop, $defs: s.$defs }, routeKind, sampler, refs, [...path, k]);
    }
    return out;
  }
  if (t.includes('array')) {
    const n = Math.max(1, s.minItems ?? 1);
    return Array.from({ length: n }, () =>
      sample({ ...(s.items ?? {}), $defs: s.$defs }, routeKind, sampler, refs, path),
    );
  }
  const kind = referenceKind(routeKind, path);
  if (kind && (t.includes('string') || t.length === 0)) {
    const p = path.join('.');
    refs.set(p, kind);
    return sampler.ref(kind, p);
  }
  const named = sampler.named?.(key);
  if (named !== undefined) return named;
  if (t.includes('string') || (t.length === 0 && t.includes('null') === false)) {
    if (key === 'email' || s.format === 'email')
      return `sample-${++unique}-${randomUUID().slice(0, 8)}@example.com`;
    if (/password/i.test(key)) return PASSWORD;
    // A patterned field (e.g. a period such as 2026-Q4) documents a valid value in its examples.
    const examples = (s as { examples?: unknown[] }).examples;
    if (Array.isArray(examples) && typeof examples[0] === 'string') return examples[0];
    if (s.format === 'uuid') return randomUUID();
    // Dates move on with every sample: records unique per period (a quota per person and period) do not
    // collide, and a later field of a body (a period's end) is never before an earlier one (its start).
    if (s.format === 'date') return sampleDay(++unique);
    if (s.format === 'date-time') return `${sampleDay(++unique)}T09:30:00.000Z`;
    if (s.pattern === '^[A-Z]{3}$') return 'CNY';
    const min = Math.max(1, s.minLength ?? 1);
    const base = `Sample ${++unique}`;
    const text = base.length >= min ? base : base.padEnd(min, 'x');
    return s.maxLength !== undefined ? text.slice(0, s.maxLength) : text;
  }
  if (t.includes('number') || t.includes('integer')) {
    let n = 1;
    if (s.minimum !== undefined && n < s.minimum) n = s.minimum;
    if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) n = s.exclusiveMinimum + 1;
    if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
    return n;
  }
  if (t.includes('boolean')) return false;
  if (t.includes('null')) return null;
  return `Sample ${++unique}`;
}

/** The reference paths (and their kinds) a schema has, found by sampling it once. */
export function referencePaths(schema: JsonSchema, routeKind: string): Map<string, string> {
  const refs = new Map<string, string>();
  sample(schema, routeKind, { ref: () => randomUUID(), withId: () => true }, refs);
  return refs;
}

/** The record kind a URL addresses: the segment before its last `:param`, or its first segment. */
export function routeKind(url: string): string {
  const parts = url.replace(/^\/api\/v1\//, '').split('/');
  for (let i = parts.length - 1; i > 0; i--) if (parts[i]!.startsWith(':')) return parts[i - 1]!;
  return parts[0]!;
}
