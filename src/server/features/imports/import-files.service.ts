import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import type { Actor } from '../../auth/actor.ts';
import { DomainError, notFound } from '../../http/errors.ts';
import { requireAdmin } from './access.ts';
import { deleteFile, deleteOldFiles, insertFile, selectFile } from './import-files.repo.ts';
import { compileOrThrow } from './import-mapping.ts';
import { assertNotWorkbook, bufferSource, type FileShape, inspectSource } from './source.ts';

/**
 * Uploaded files: kept in the database for the wizard (the CLI reads files from disk), looked at (how they
 * read, with another encoding or delimiter), deleted, and purged a week after upload.
 */

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export type FileInfo = { id: string; name: string; size: number; sha256: string; createdAt: string };

/**
 * A raw upload (`Content-Type: text/csv` or `application/octet-stream`) as the JSON body the route reads:
 * the file base64-encoded, named by `?name=`.
 */
export function rawUploadBody(query: unknown, body: Buffer): { name: string; content: string } {
  const name = (query as { name?: string } | undefined)?.name ?? 'upload.csv';
  return { name, content: body.toString('base64') };
}

/** An upload as the API receives it: the file base64-encoded. */
export async function uploadFile(o: { pool: pg.Pool; actor: Actor; name: string; content: string }) {
  requireAdmin(o.actor);
  return saveUpload({
    pool: o.pool,
    actor: o.actor,
    name: o.name,
    content: Buffer.from(o.content, 'base64'),
  });
}

export async function saveUpload(o: { pool: pg.Pool; actor: Actor; name: string; content: Buffer }) {
  requireAdmin(o.actor);
  if (o.content.length === 0) throw new DomainError(422, 'empty_file', 'The file is empty.');
  assertNotWorkbook(o.content);
  if (o.content.length > MAX_UPLOAD_BYTES)
    throw new DomainError(
      413,
      'body_too_large',
      'Files up to 50 MB can be uploaded; use the CLI for larger ones.',
    );
  const sha256 = createHash('sha256').update(o.content).digest('hex');
  const row = await insertFile(o.pool, {
    orgId: o.actor.orgId,
    name: o.name,
    sha256,
    content: o.content,
    createdBy: o.actor.userId,
  });
  const info: FileInfo = {
    id: row.id,
    name: o.name,
    size: o.content.length,
    sha256,
    createdAt: row.created_at.toISOString(),
  };
  return { ...info, ...(await describeFile(o.name, o.content)) };
}

/** The detected shape and the data row count, or what makes the file unreadable. */
async function describeFile(name: string, content: Buffer, formats?: ImportMapping['formats']) {
  try {
    const shape = await inspectSource(bufferSource(name, content), formats);
    return { shape, problem: null };
  } catch (err) {
    if (err instanceof DomainError) return { shape: null, problem: err.message };
    throw err;
  }
}

/** An uploaded file with its content: 404 when the organization has none such, then 403 for non-admins. */
export async function loadFile(
  pool: pg.Pool,
  actor: Actor,
  id: string,
): Promise<FileInfo & { content: Buffer }> {
  const f = await selectFile(pool, actor.orgId, id);
  if (!f) throw notFound('import file');
  requireAdmin(actor);
  return {
    id: f.id,
    name: f.name,
    size: f.size,
    sha256: f.sha256,
    content: f.content,
    createdAt: f.created_at.toISOString(),
  };
}

export async function getUpload(o: {
  pool: pg.Pool;
  actor: Actor;
  id: string;
  formats?: ImportMapping['formats'];
}) {
  const f = await loadFile(o.pool, o.actor, o.id);
  const { content, ...info } = f;
  return { ...info, ...(await describeFile(f.name, content, o.formats)) };
}

export async function deleteUpload(o: { pool: pg.Pool; actor: Actor; id: string }): Promise<void> {
  await loadFile(o.pool, o.actor, o.id);
  await deleteFile(o.pool, o.actor.orgId, o.id);
}

/** How a loaded file reads (with the mapping's formats); unreadable: the source's DomainError. */
export async function shapeOrThrow(
  f: { name: string; content: Buffer },
  formats?: ImportMapping['formats'],
): Promise<FileShape> {
  return inspectSource(bufferSource(f.name, f.content), formats);
}

/**
 * An uploaded file to import with a mapping (or to preview that import): loaded (404, then 403), read
 * with the mapping's formats (unreadable: the source's DomainError) and the mapping checked against its
 * headers (422 `invalid_mapping`), so a request is refused before any import runs.
 */
export async function loadMappedFile(o: {
  pool: pg.Pool;
  actor: Actor;
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
}): Promise<{ file: FileInfo & { content: Buffer }; shape: FileShape }> {
  const file = await loadFile(o.pool, o.actor, o.fileId);
  const shape = await shapeOrThrow(file, o.mapping.formats);
  compileOrThrow(o.entity, o.mapping, shape.headers);
  return { file, shape };
}

/** Uploads are for the wizard: removed 7 days after upload, unless an import of them is still running. */
export async function purgeImportFiles(o: { pool: pg.Pool; now: Date }): Promise<number> {
  return deleteOldFiles(o.pool, o.now);
}
