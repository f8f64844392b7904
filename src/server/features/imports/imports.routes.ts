import type pg from 'pg';
import type { App } from '../../http/types.ts';
import {
  deleteUpload,
  getUpload,
  MAX_UPLOAD_BYTES,
  rawUploadBody,
  uploadFile,
} from './import-files.service.ts';
import { getJob, jobErrorsCsv, listJobs, settleRunningImports, startJob } from './import-jobs.service.ts';
import { createMapping, deleteMapping, listMappings } from './import-mappings.service.ts';
import { preview } from './import-preview.service.ts';
import { columnValues, importEntities, suggest } from './import-wizard.service.ts';
import {
  createMappingSchema,
  deleteFileSchema,
  deleteMappingSchema,
  entitiesRouteSchema,
  getFileSchema,
  getJobSchema,
  jobErrorsSchema,
  listJobsSchema,
  listMappingsSchema,
  previewRouteSchema,
  startJobSchema,
  suggestRouteSchema,
  UPLOAD_BODY_LIMIT,
  uploadFileSchema,
  valuesRouteSchema,
} from './imports.schemas.ts';

/**
 * The import wizard's API (admins only). Upload either as JSON `{name, content}` (base64) or as the raw
 * file (`Content-Type: text/csv` or `application/octet-stream`, `?name=`), up to 50 MB.
 */
export function registerImportRoutes(app: App) {
  const pool = () => (app.db as unknown as { $client: pg.Pool }).$client;
  // Let background imports reach a commit; anything cut off resumes when started again.
  app.addHook('onClose', () => settleRunningImports(5_000));

  app.register(async (scope) => {
    for (const type of ['text/csv', 'application/octet-stream'])
      scope.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
        (req, body, done) => {
          done(null, rawUploadBody(req.query, body as Buffer));
        },
      );
    scope.post(
      '/api/v1/import-files',
      { bodyLimit: UPLOAD_BODY_LIMIT, schema: uploadFileSchema },
      async (req, reply) => {
        // This scope's routes are not typed by the zod provider: the schema has validated the body.
        const body = req.body as { name: string; content: string };
        const file = await uploadFile({ pool: pool(), actor: req.actor!, ...body });
        reply.header('location', `/api/v1/import-files/${file.id}`);
        return reply.status(201).send(file);
      },
    );
  });

  app.get('/api/v1/import-files/:id', { schema: getFileSchema }, async (req) =>
    getUpload({ pool: pool(), actor: req.actor!, id: req.params.id, formats: req.query }),
  );

  app.delete('/api/v1/import-files/:id', { schema: deleteFileSchema }, async (req, reply) => {
    await deleteUpload({ pool: pool(), actor: req.actor!, id: req.params.id });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/imports/entities', { schema: entitiesRouteSchema }, async (req) =>
    importEntities(req.actor!),
  );

  app.post('/api/v1/imports/suggest', { schema: suggestRouteSchema }, async (req) =>
    suggest({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  app.post('/api/v1/imports/preview', { schema: previewRouteSchema }, async (req) =>
    preview({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  app.post('/api/v1/imports/values', { schema: valuesRouteSchema }, async (req) =>
    columnValues({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  app.post('/api/v1/import-jobs', { schema: startJobSchema }, async (req, reply) => {
    const log = (err: unknown) => req.log.error({ err }, 'import failed');
    const job = await startJob({ pool: pool(), actor: req.actor!, ...req.body, log });
    reply.header('location', `/api/v1/import-jobs/${job.id}`);
    return reply.status(201).send(job);
  });

  app.get('/api/v1/import-jobs', { schema: listJobsSchema }, async (req) =>
    listJobs({ pool: pool(), actor: req.actor!, limit: req.query.limit }),
  );

  app.get('/api/v1/import-jobs/:id', { schema: getJobSchema }, async (req) =>
    getJob({ pool: pool(), actor: req.actor!, id: req.params.id }),
  );

  app.get('/api/v1/import-jobs/:id/errors', { schema: jobErrorsSchema }, async (req, reply) => {
    const { id } = req.params;
    const csv = await jobErrorsCsv({ pool: pool(), actor: req.actor!, id, lang: req.query.lang });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-errors-${id}.csv"`)
      .serializer((x: unknown) => x as string)
      .send(csv);
  });

  app.get('/api/v1/import-mappings', { schema: listMappingsSchema }, async (req) =>
    listMappings({
      pool: pool(),
      actor: req.actor!,
      ...(req.query.entity ? { entity: req.query.entity } : {}),
    }),
  );

  app.post('/api/v1/import-mappings', { schema: createMappingSchema }, async (req, reply) => {
    const m = await createMapping({ pool: pool(), actor: req.actor!, ...req.body });
    reply.header('location', `/api/v1/import-mappings/${m.id}`);
    return reply.status(201).send(m);
  });

  app.delete('/api/v1/import-mappings/:id', { schema: deleteMappingSchema }, async (req, reply) => {
    await deleteMapping({ pool: pool(), actor: req.actor!, id: req.params.id });
    return reply.status(204).send(null);
  });
}
