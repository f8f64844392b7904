import { z } from 'zod';
import type { FieldErrorCode } from '../../../core/field-errors.ts';
import { DELIMITERS } from '../../../core/import/csv.ts';
import { ENCODINGS } from '../../../core/import/encoding.ts';
import { IMPORT_ENTITIES, importMappingSchema } from '../../../core/import/mapping.ts';
import { PROBLEM_CODES } from '../../../core/import/problems.ts';
import { LANGUAGES } from '../../../core/wording.ts';
import { commonErrors, idParams } from '../../crud/routes.ts';
import { problemSchema } from '../../http/errors.ts';
import { MAX_UPLOAD_BYTES } from './import-files.service.ts';

// The import API's request and answer shapes (zod: validated, and the OpenAPI document), then each route's
// schema; imports.routes.ts wires them to the services.

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

/** The upload's body limit: the file base64-encoded (4 bytes for 3), with room for the JSON around it. */
export const UPLOAD_BODY_LIMIT = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4096;

export const uploadFileSchema = {
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
};

export const getFileSchema = {
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
};

export const deleteFileSchema = {
  tags,
  summary: 'Delete an uploaded file',
  params: idParams,
  response: { 204: z.null().describe('Deleted'), ...errors },
};

export const entitiesRouteSchema = {
  tags,
  summary: 'What can be imported: the fields of each entity, and the formats a mapping may name',
  response: { 200: entitiesSchema, ...errors },
};

export const suggestRouteSchema = {
  tags,
  summary:
    'A suggested mapping for a file: its headers (English or Chinese) matched to fields, formats guessed',
  body: z.object({ fileId: z.uuid(), entity }).strict(),
  response: { 200: suggestionSchema, ...errors },
};

const runBody = {
  fileId: z.uuid(),
  entity,
  mapping: importMappingSchema,
  createMissing: z
    .boolean()
    .default(false)
    .describe('Create unmatched accounts, products, teams and users (without e-mail)'),
};

export const previewRouteSchema = {
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
};

export const valuesRouteSchema = {
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
};

export const startJobSchema = {
  tags,
  summary: 'Run an import in the background (the same file and mapping again resumes an interrupted one)',
  body: z.object(runBody).strict(),
  response: { 201: startedSchema, ...errors },
};

export const listJobsSchema = {
  tags,
  summary: 'Recent imports, newest first',
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
  response: { 200: z.object({ items: z.array(jobSchema) }), ...errors },
};

export const getJobSchema = {
  tags,
  summary: 'An import’s progress and outcome (poll it while it runs)',
  params: idParams,
  response: { 200: jobDetailSchema, ...errors },
};

export const jobErrorsSchema = {
  tags,
  summary: 'The error report as CSV: row, problems, then the row’s own cells (fix and import it again)',
  params: idParams,
  querystring: z
    .object({ lang: z.enum(LANGUAGES).default('en').describe('The language of the problems') })
    .strict(),
  response: { 200: z.string().describe('text/csv; UTF-8 with a byte-order mark'), ...errors },
};

export const listMappingsSchema = {
  tags,
  summary: 'Saved mappings',
  querystring: z.object({ entity: entity.optional() }).strict(),
  response: { 200: z.object({ items: z.array(savedMappingSchema) }), ...errors },
};

export const createMappingSchema = {
  tags,
  summary: 'Save a mapping by name for reuse (the same JSON the CLI reads)',
  body: z.object({ name: z.string().trim().min(1).max(200), entity, mapping: importMappingSchema }).strict(),
  response: { 201: savedMappingSchema, ...errors },
};

export const deleteMappingSchema = {
  tags,
  summary: 'Delete a saved mapping',
  params: idParams,
  response: { 204: z.null().describe('Deleted'), ...errors },
};
