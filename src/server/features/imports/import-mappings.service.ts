import type pg from 'pg';
import { fieldError } from '../../../core/field-errors.ts';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { unknownFields } from '../../../core/import/validate.ts';
import type { Actor } from '../../auth/actor.ts';
import { DomainError, notFound } from '../../http/errors.ts';
import { requireAdmin } from './access.ts';
import { deleteMappingRow, insertMapping, mappingExists, selectMappings } from './import-mappings.repo.ts';

/** Mappings kept by name for reuse (the same JSON the CLI reads). */

export type SavedMapping = {
  id: string;
  name: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createdAt: string;
};

/** A mapping must name fields the entity has (the columns are checked against a file when it is used). */
function checkFields(entity: ImportEntity, mapping: ImportMapping): void {
  const errors = unknownFields(entity, mapping).map((e) => ({ ...e, path: `mapping.${e.path}` }));
  if (errors.length)
    throw new DomainError(422, 'validation_failed', 'The mapping names unknown fields.', { errors });
}

export async function listMappings(o: { pool: pg.Pool; actor: Actor; entity?: ImportEntity }) {
  requireAdmin(o.actor);
  const rows = await selectMappings(o.pool, o.actor.orgId, o.entity ?? null);
  return {
    items: rows.map((m) => ({
      id: m.id,
      name: m.name,
      entity: m.entity,
      mapping: m.mapping,
      createdAt: m.created_at.toISOString(),
    })),
  };
}

export async function createMapping(o: {
  pool: pg.Pool;
  actor: Actor;
  name: string;
  entity: ImportEntity;
  mapping: ImportMapping;
}): Promise<SavedMapping> {
  requireAdmin(o.actor);
  checkFields(o.entity, o.mapping);
  try {
    const row = await insertMapping(o.pool, {
      orgId: o.actor.orgId,
      name: o.name,
      entity: o.entity,
      mapping: o.mapping,
      createdBy: o.actor.userId,
    });
    return {
      id: row.id,
      name: o.name,
      entity: o.entity,
      mapping: o.mapping,
      createdAt: row.created_at.toISOString(),
    };
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new DomainError(409, 'duplicate', `A ${o.entity} mapping named "${o.name}" exists.`, {
        errors: [fieldError('name', 'in_use')],
      });
    throw err;
  }
}

export async function deleteMapping(o: { pool: pg.Pool; actor: Actor; id: string }): Promise<void> {
  if (!(await mappingExists(o.pool, o.actor.orgId, o.id))) throw notFound('saved mapping');
  requireAdmin(o.actor);
  await deleteMappingRow(o.pool, o.actor.orgId, o.id);
}
