import type pg from 'pg';

/** The statements of uploaded files (kept in the database for the wizard). */

export type FileRow = {
  id: string;
  name: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: Date;
};

export async function insertFile(
  pool: pg.Pool,
  f: { orgId: string; name: string; sha256: string; content: Buffer; createdBy: string },
): Promise<{ id: string; created_at: Date }> {
  const r = await pool.query<{ id: string; created_at: Date }>(
    `INSERT INTO import_files (org_id, name, size, sha256, content, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, created_at`,
    [f.orgId, f.name, f.content.length, f.sha256, f.content, f.createdBy],
  );
  return r.rows[0]!;
}

export async function selectFile(pool: pg.Pool, orgId: string, id: string): Promise<FileRow | undefined> {
  const r = await pool.query<FileRow>(
    'SELECT id, name, size, sha256, content, created_at FROM import_files WHERE org_id = $1 AND id = $2',
    [orgId, id],
  );
  return r.rows[0];
}

export async function deleteFile(pool: pg.Pool, orgId: string, id: string): Promise<void> {
  await pool.query('DELETE FROM import_files WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** Deletes the uploads older than 7 days at `now` that no running import reads; answers how many. */
export async function deleteOldFiles(pool: pg.Pool, now: Date): Promise<number> {
  const r = await pool.query(
    `DELETE FROM import_files f WHERE f.created_at < $1::timestamptz - interval '7 days'
       AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.org_id = f.org_id AND j.file_id = f.id AND j.status = 'running')`,
    [now.toISOString()],
  );
  return r.rowCount ?? 0;
}
