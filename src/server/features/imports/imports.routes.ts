import type pg from 'pg';
import { z } from 'zod';
import type { FieldErrorCode } from '../../../core/field-errors.ts';
import { DELIMITERS } from '../../../core/import/csv.ts';
import { ENCODINGS } from '../../../core/import/encoding.ts';
import { entitySpec } from '../../../core/import/entities.ts';
import { IMPORT_ENTITIES, importMappingSchema } from '../../../core/import/mapping.ts';
import { PROBLEM_CODES } from '../../../core/import/problems.ts';
import { DATE_FORMATS, DECIMAL_MARKS } from '../../../core/import/values.ts';
import { LANGUAGES } from '../../../core/wording.ts';
import { commonErrors, idParams } from '../../crud/routes.ts';
import { problemSchema } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import {
  columnValues,
  createMapping,
  deleteMapping,
  deleteUpload,
  getJob,
  getUpload,
  jobErrorsCsv,
  listJobs,
  listMappings,
  MAX_UPLOAD_BYTES,
  preview,
  requireAdmin,
  runningImports,
  saveUpload,
  startJob,
  suggest,
} from './imports.service.ts';

const tags = ['Imports'];
const entity = z.enum(IMPORT_ENTITIES);
const errors = { ...commonErrors, 413: problemSchema };

const shapeSchema = z
  .object({
    encoding: z.enum(ENCODINGS),
    bom: z.boolean(),
    delimiter: z.enum(DELIMITERS),
    headers: z.array(z.string()),
    sample: z.array(z.array(z.string())).describe('The first data rows as read (up to 20)'),
  })
  .meta({ id: 'ImportFileShape' });
const fileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.string(),
    shape: shapeSchema.nullable().describe('How the file reads; null when it cannot be read (see problem)'),
    problem: z.string().nullable(),
  })
  .meta({ id: 'ImportFile' });
const countsSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int().describe('Rows refused (each is in the error report)'),
  created: z
    .record(z.string(), z.number().int())
    .describe('Records created for unmatched references, per kind'),
});
/** A problem as data, for clients that word it in their own language (see src/core/import/problems.ts). */
const problemFields = {
  code: z
    .enum(PROBLEM_CODES)
    .nullable()
    .describe('What is wrong, as a stable code (null: recorded before codes)'),
  params: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .nullable()
    .describe('The values the wording names'),
};
const reportRowSchema = z
  .object({
    row: z.number().int().describe('The spreadsheet row (the header is row 1)'),
    field: z.string().nullable(),
    column: z.string().nullable(),
    value: z.string().nullable(),
    message: z.string().describe('What is wrong, in English'),
    ...problemFields,
    cells: z.array(z.string()).nullable().optional(),
  })
  .meta({ id: 'ImportProblem' });
const jobSchema = z
  .object({
    id: z.uuid(),
    entity,
    fileId: z.uuid().nullable(),
    fileName: z.string(),
    createMissing: z.boolean(),
    status: z.enum(['running', 'completed', 'failed']),
    state: z
      .enum(['running', 'interrupted', 'completed', 'failed'])
      .describe('interrupted: running, but no process holds it (start it again to resume)'),
    rowsDone: z.number().int(),
    rowsTotal: z.number().int().nullable(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    progress: z.number().describe('0 to 1'),
    counts: countsSchema,
    error: z.string().nullable(),
    mapping: importMappingSchema,
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
const jobDetailSchema = jobSchema
  .extend({ errors: z.array(reportRowSchema).describe('The first 20 problems') })
  .meta({ id: 'ImportJobDetail' });
const startedSchema = jobDetailSchema
  .extend({
    alreadyImported: z
      .boolean()
      .describe(
        'The same file was imported before with the same mapping and it has no external-id column: nothing was done again, and the job is that earlier import',
      ),
  })
  .meta({ id: 'ImportJobStarted' });
const savedMappingSchema = z
  .object({ id: z.uuid(), name: z.string(), entity, mapping: importMappingSchema, createdAt: z.string() })
  .meta({ id: 'SavedImportMapping' });

const entitiesSchema = z.object({
  entities: z.array(
    z.object({
      name: entity,
      fields: z.array(
        z.object({
          key: z.string(),
          kind: z.string(),
          required: z.boolean(),
          values: z.array(z.string()).nullable().describe('The allowed values of enum fields'),
          help: z.string(),
        }),
      ),
    }),
  ),
  dateFormats: z.array(z.string()),
  decimalMarks: z.array(z.string()),
  encodings: z.array(z.string()),
  delimiters: z.array(z.string()),
});

const suggestionSchema = z.object({
  shape: shapeSchema,
  mapping: importMappingSchema,
  unmappedHeaders: z.array(z.string()),
  unknownValues: z
    .record(z.string(), z.array(z.string()))
    .describe('Sample values of enum columns to map in `values`'),
});

const previewSchema = z.object({
  shape: shapeSchema,
  rows: z.number().int().describe('Rows looked at'),
  complete: z.boolean().describe('Whether that is the whole file'),
  counts: countsSchema,
  errors: z.array(reportRowSchema).describe('The first 100 problems'),
  unmatched: z
    .array(
      z.object({
        field: z.string(),
        value: z.string(),
        rows: z.number().int(),
        message: z.string(),
        ...problemFields,
        reason: z.enum(['missing', 'ambiguous']),
      }),
    )
    .describe('References that match no record, or several, with how many rows name them'),
  sample: z
    .array(
      z.object({
        row: z.number().int().describe('The spreadsheet row (the header is row 1)'),
        values: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .describe('Field → the value as it would be imported (references as their text; null: unreadable)'),
      }),
    )
    .describe('The first rows (up to 20) as they would be imported'),
});

const columnValuesSchema = z.object({
  rows: z.number().int().describe('Data rows in the file'),
  fields: z.array(
    z.object({
      field: z.string(),
      column: z.string(),
      distinct: z.number().int().describe('Different values (counted up to 10,000)'),
      truncated: z.boolean().describe('Whether more values exist than are listed'),
      values: z.array(
        z.object({
          value: z.string(),
          rows: z.number().int(),
          builtin: z
            .string()
            .nullable()
            .describe('What the built-in words make of it; null: it needs a value map'),
        }),
      ),
    }),
  ),
});

// The shapes of the answers, for the web app (types only: nothing of the server reaches its bundle).
export type ImportFileView = z.infer<typeof fileSchema>;
export type ImportFileShape = z.infer<typeof shapeSchema>;
export type ImportCountsView = z.infer<typeof countsSchema>;
export type ImportProblem = z.infer<typeof reportRowSchema>;
export type ImportJobView = z.infer<typeof jobSchema>;
export type ImportJobDetail = z.infer<typeof jobDetailSchema>;
export type ImportJobStarted = z.infer<typeof startedSchema>;
export type SavedImportMapping = z.infer<typeof savedMappingSchema>;
export type ImportEntities = z.infer<typeof entitiesSchema>;
export type ImportSuggestion = z.infer<typeof suggestionSchema>;
export type ImportPreview = z.infer<typeof previewSchema>;
export type ImportColumnValues = z.infer<typeof columnValuesSchema>;

/** A small CSV the samplers of the contract tests can upload (documents the body too). */
const EXAMPLE_CSV = Buffer.from('Name,Email\nSample Person,\n').toString('base64');

/**
 * The import wizard's API (admins only). Upload either as JSON `{name, content}` (base64) or as the raw
 * file (`Content-Type: text/csv` or `application/octet-stream`, `?name=`), up to 50 MB.
 */
export function registerImportRoutes(app: App) {
  const pool = () => (app.db as unknown as { $client: pg.Pool }).$client;
  app.addHook('onClose', async () => {
    // Let background imports reach a commit; anything cut off resumes when started again.
    await Promise.race([Promise.allSettled([...runningImports]), new Promise((r) => setTimeout(r, 5_000))]);
  });

  app.register(async (scope) => {
    for (const type of ['text/csv', 'application/octet-stream'])
      scope.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
        (req, body, done) => {
          const name = (req.query as { name?: string } | undefined)?.name ?? 'upload.csv';
          done(null, { name, content: (body as Buffer).toString('base64') });
        },
      );
    scope.post(
      '/api/v1/import-files',
      {
        bodyLimit: Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4096,
        schema: {
          tags,
          summary: 'Upload a file to import (kept for the wizard); answers how it reads',
          querystring: z
            .object({ name: z.string().min(1).max(255).optional().describe('File name, for raw uploads') })
            .strict(),
          body: z
            .object({
              name: z.string().trim().min(1).max(255),
              content: z
                .string()
                .min(1)
                .max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4)
                .regex(/^[A-Za-z0-9+/=\s]*$/, 'base64' satisfies FieldErrorCode)
                .describe('The file, base64-encoded (or send the raw file as text/csv)')
                .meta({ examples: [EXAMPLE_CSV] }),
            })
            .strict(),
          response: { 201: fileSchema, ...errors },
        },
      },
      async (req, reply) => {
        requireAdmin(req.actor!);
        const body = req.body as { name: string; content: string };
        const file = await saveUpload({
          pool: pool(),
          actor: req.actor!,
          name: body.name,
          content: Buffer.from(body.content, 'base64'),
        });
        reply.header('location', `/api/v1/import-files/${file.id}`);
        return reply.status(201).send(file);
      },
    );
  });

  app.get(
    '/api/v1/import-files/:id',
    {
      schema: {
        tags,
        summary: 'An uploaded file and how it reads (optionally with another encoding or delimiter)',
        params: idParams,
        querystring: z
          .object({
            encoding: z.enum(['auto', ...ENCODINGS]).optional(),
            delimiter: z.enum(['auto', ...DELIMITERS, 'tab']).optional(),
          })
          .strict(),
        response: { 200: fileSchema, ...errors },
      },
    },
    async (req) => getUpload({ pool: pool(), actor: req.actor!, id: req.params.id, formats: req.query }),
  );

  app.delete(
    '/api/v1/import-files/:id',
    {
      schema: {
        tags,
        summary: 'Delete an uploaded file',
        params: idParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (req, reply) => {
      await deleteUpload({ pool: pool(), actor: req.actor!, id: req.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/imports/entities',
    {
      schema: {
        tags,
        summary: 'What can be imported: the fields of each entity, and the formats a mapping may name',
        response: { 200: entitiesSchema, ...errors },
      },
    },
    async (req) => {
      requireAdmin(req.actor!);
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
    },
  );

  app.post(
    '/api/v1/imports/suggest',
    {
      schema: {
        tags,
        summary:
          'A suggested mapping for a file: its headers (English or Chinese) matched to fields, formats guessed',
        body: z.object({ fileId: z.uuid(), entity }).strict(),
        response: { 200: suggestionSchema, ...errors },
      },
    },
    async (req) => suggest({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  const runBody = {
    fileId: z.uuid(),
    entity,
    mapping: importMappingSchema,
    createMissing: z
      .boolean()
      .default(false)
      .describe('Create unmatched accounts, products, teams and users (without e-mail)'),
  };
  app.post(
    '/api/v1/imports/preview',
    {
      schema: {
        tags,
        summary:
          'Validate a mapping on the first rows: a dry run (written, then rolled back) with counts and problems',
        body: z
          .object({
            ...runBody,
            limit: z.number().int().min(1).max(20_000).default(1_000).describe('Rows to look at'),
          })
          .strict(),
        response: { 200: previewSchema, ...errors },
      },
    },
    async (req) => preview({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  app.post(
    '/api/v1/imports/values',
    {
      schema: {
        tags,
        summary:
          'The different values in the columns of enum fields (status, role, type …) over the whole file, for value maps',
        body: z
          .object({
            fileId: z.uuid(),
            entity,
            mapping: importMappingSchema,
            limit: z.number().int().min(1).max(1_000).default(200).describe('Values per field'),
          })
          .strict(),
        response: { 200: columnValuesSchema, ...errors },
      },
    },
    async (req) => columnValues({ pool: pool(), actor: req.actor!, ...req.body }),
  );

  app.post(
    '/api/v1/import-jobs',
    {
      schema: {
        tags,
        summary:
          'Run an import in the background (the same file and mapping again resumes an interrupted one)',
        body: z.object(runBody).strict(),
        response: { 201: startedSchema, ...errors },
      },
    },
    async (req, reply) => {
      const job = await startJob({
        pool: pool(),
        actor: req.actor!,
        ...req.body,
        log: (err) => req.log.error({ err }, 'import failed'),
      });
      reply.header('location', `/api/v1/import-jobs/${job.id}`);
      return reply.status(201).send(job);
    },
  );

  app.get(
    '/api/v1/import-jobs',
    {
      schema: {
        tags,
        summary: 'Recent imports, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: { 200: z.object({ items: z.array(jobSchema) }), ...errors },
      },
    },
    async (req) => listJobs({ pool: pool(), actor: req.actor!, limit: req.query.limit }),
  );

  app.get(
    '/api/v1/import-jobs/:id',
    {
      schema: {
        tags,
        summary: 'An import’s progress and outcome (poll it while it runs)',
        params: idParams,
        response: { 200: jobDetailSchema, ...errors },
      },
    },
    async (req) => getJob({ pool: pool(), actor: req.actor!, id: req.params.id }),
  );

  app.get(
    '/api/v1/import-jobs/:id/errors',
    {
      schema: {
        tags,
        summary: 'The error report as CSV: row, problems, then the row’s own cells (fix and import it again)',
        params: idParams,
        querystring: z
          .object({ lang: z.enum(LANGUAGES).default('en').describe('The language of the problems') })
          .strict(),
        response: { 200: z.string().describe('text/csv; UTF-8 with a byte-order mark'), ...errors },
      },
    },
    async (req, reply) => {
      const csv = await jobErrorsCsv({
        pool: pool(),
        actor: req.actor!,
        id: req.params.id,
        lang: req.query.lang,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors-${req.params.id}.csv"`)
        .serializer((x: unknown) => x as string)
        .send(csv);
    },
  );

  app.get(
    '/api/v1/import-mappings',
    {
      schema: {
        tags,
        summary: 'Saved mappings',
        querystring: z.object({ entity: entity.optional() }).strict(),
        response: { 200: z.object({ items: z.array(savedMappingSchema) }), ...errors },
      },
    },
    async (req) =>
      listMappings({
        pool: pool(),
        actor: req.actor!,
        ...(req.query.entity ? { entity: req.query.entity } : {}),
      }),
  );

  app.post(
    '/api/v1/import-mappings',
    {
      schema: {
        tags,
        summary: 'Save a mapping by name for reuse (the same JSON the CLI reads)',
        body: z
          .object({ name: z.string().trim().min(1).max(200), entity, mapping: importMappingSchema })
          .strict(),
        response: { 201: savedMappingSchema, ...errors },
      },
    },
    async (req, reply) => {
      const m = await createMapping({ pool: pool(), actor: req.actor!, ...req.body });
      reply.header('location', `/api/v1/import-mappings/${m.id}`);
      return reply.status(201).send(m);
    },
  );

  app.delete(
    '/api/v1/import-mappings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved mapping',
        params: idParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (req, reply) => {
      await deleteMapping({ pool: pool(), actor: req.actor!, id: req.params.id });
      return reply.status(204).send(null);
    },
  );
}
