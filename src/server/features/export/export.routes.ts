import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ExportLang, langFromAcceptLanguage } from '../../../core/export-labels.ts';
import type { Actor } from '../../auth/actor.ts';
import type { ListFilters } from '../../crud/repo.ts';
import type { Resource } from '../../crud/resource.ts';
import { commonErrors } from '../../crud/routes.ts';
import type { App } from '../../http/types.ts';
import { openBundleExport } from './bundle.service.ts';
import { type CsvOptions, contentDisposition, openCsvExport } from './export.service.ts';

/** The options every export takes besides the list's own filters. */
export const exportOptions = {
  lang: z
    .enum(['en', 'zh-CN'])
    .optional()
    .describe(
      'Language of the header row and of labels. Default: Accept-Language, else the user’s language.',
    ),
  values: z
    .enum(['labels', 'codes'])
    .default('labels')
    .describe('Coded values (status, tier, role …) as labels in the file’s language, or as the API’s codes.'),
  encoding: z
    .enum(['utf-8', 'gb18030'])
    .default('utf-8')
    .describe('utf-8 (with a byte-order mark, for Excel) or gb18030 (for old Chinese Excel, no BOM).'),
};

/** A list's query string without paging, plus the export options. */
export function exportQuerySchema(res: Resource) {
  return res.listQuerySchema.omit({ limit: true, cursor: true }).extend(exportOptions).strict();
}

const csvResponse = {
  description: 'CSV (RFC 4180), streamed: a header row, then one row per record',
  content: { 'text/csv': { schema: z.string().describe('CSV text') } },
};
const zipResponse = {
  description: 'ZIP with one CSV per record type and manifest.json',
  content: { 'application/zip': { schema: z.string().describe('ZIP archive (binary)') } },
};

type ExportQuery = ListFilters & {
  lang?: ExportLang;
  values: CsvOptions['values'];
  encoding: CsvOptions['encoding'];
};

export function csvOptionsOf(query: ExportQuery, req: FastifyRequest, actor: Actor): CsvOptions {
  return {
    lang: query.lang ?? langFromAcceptLanguage(req.headers['accept-language']) ?? actor.locale,
    values: query.values,
    encoding: query.encoding,
  };
}

function sendDownload(reply: FastifyReply, type: string, filename: string, ascii: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', contentDisposition(filename, ascii))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
}

/**
 * The reply's type follows the response schema (a string: what the OpenAPI document describes); Fastify
 * streams a Readable as the body without serializing it.
 */
const asBody = (stream: Readable) => stream as unknown as string;

/**
 * `GET /api/v1/<resource>/export.csv` for every list resource (the list's filters, search, sort and
 * visibility; no paging) and `GET /api/v1/export/bundle` (admins: the whole organization as a ZIP).
 */
export function registerExportRoutes(app: App, resources: readonly (readonly [Resource, string])[]) {
  for (const [res, tag] of resources) {
    app.get(
      `/api/v1/${res.name}/export.csv`,
      {
        exposeHeadRoute: false,
        schema: {
          tags: [tag],
          summary: `Export ${res.name} as CSV (the list's filters, search and sort; streamed)`,
          querystring: exportQuerySchema(res),
          response: { 200: csvResponse, ...commonErrors },
        },
      },
      async (req, reply) => {
        const actor = req.actor!;
        const query = req.query as ExportQuery;
        const out = await openCsvExport({
          db: req.server.db,
          res,
          actor,
          query,
          csv: csvOptionsOf(query, req, actor),
          now: new Date(),
        });
        sendDownload(reply, out.contentType, out.filename, out.asciiFilename);
        return reply.send(asBody(out.stream));
      },
    );
  }

  app.get(
    '/api/v1/export/bundle',
    {
      exposeHeadRoute: false,
      schema: {
        tags: ['Export'],
        summary: 'Export the whole organization as a ZIP of CSV files (admins)',
        querystring: z.object(exportOptions).strict(),
        response: { 200: zipResponse, ...commonErrors },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const query = req.query as ExportQuery;
      const out = await openBundleExport({
        db: req.server.db,
        actor,
        resources: resources.map(([r]) => r),
        csv: csvOptionsOf(query, req, actor),
        now: new Date(),
        version: req.server.winpathVersion,
      });
      sendDownload(reply, 'application/zip', out.filename, out.filename);
      return reply.send(asBody(out.stream));
    },
  );
}
