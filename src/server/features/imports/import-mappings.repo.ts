import type pg from 'pg';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';

/** The statements of saved mappings. */

export type MappingRow = {
  id: string;
  name: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  created_at: Date;
};

/** The organization's saved mappings (of one entity, or all), by entity and name. */
export async function selectMappings(
  pool: pg.Pool,
  orgId: string,
  entity: ImportEntity | null,
): Promise<MappingRow[]> {
  const r = await pool.query<MappingRow>(
    `SELECT id, name, entity, mapping, created_at FROM import_mappings
      WHERE org_id = $1 AND ($2::import_entity IS NULL OR entity = $2) ORDER BY entity, lower(name), id`,
    [orgId, entity],
  );
  return r.rows;
}

/** Inserts a mapping; a name the entity's mappings already have is refused (23505). */
export async function insertMapping(
  pool: pg.Pool,
  m: { orgId: string; name: string; entity: ImportEntity; mapping: ImportMapping; createdBy: string },
): Promise<{ id: string; created_at: Date }> {
  const r = await pool.query<{ id: string; created_at: Date }>(
    `INSERT INTO import_mappings (org_id, name, entity, mapping, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
    [m.orgId, m.name, m.entity, JSON.stringify(m.mapping), m.createdBy],
  );
  return r.rows[0]!;
}

export async function mappingExists(pool: pg.Pool, orgId: string, id: string): Promise<boolean> {
  const r = await pool.query('SELECT 1 FROM import_mappings WHERE org_id = $1 AND id = $2', [orgId, id]);
  return Boolean(r.rowCount);
}

export async function deleteMappingRow(pool: pg.Pool, orgId: string, id: string): Promise<void> {
  await pool.query('DELETE FROM import_mappings WHERE org_id = $1 AND id = $2', [orgId, id]);
}
