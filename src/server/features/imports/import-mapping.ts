import { createHash } from 'node:crypto';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { type CompiledMapping, compileMapping } from '../../../core/import/validate.ts';
import { DomainError } from '../../http/errors.ts';

/** Canonical JSON (sorted keys), so the same mapping always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** What, beside the file's own hash, makes an import the same import (to resume it, or not to repeat it). */
export const mappingSha256 = (mapping: ImportMapping, createMissing: boolean) =>
  createHash('sha256').update(canonical({ mapping, createMissing })).digest('hex');

/** The mapping checked against the file: 422 `invalid_mapping` naming every problem. */
export function compileOrThrow(
  entity: ImportEntity,
  mapping: ImportMapping,
  headers: string[],
): CompiledMapping {
  const c = compileMapping(entity, mapping, headers);
  if (!c.ok)
    throw new DomainError(
      422,
      'invalid_mapping',
      `The mapping does not fit the file: ${c.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      {
        errors: c.errors,
      },
    );
  return c.compiled;
}
