import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '../http/errors.ts';
import type { App } from '../http/types.ts';
import { getRow, listRows } from './repo.ts';
import type { Resource, Row } from './resource.ts';
import { createRecord, deleteRecord, restoreRecord, updateRecord } from './service.ts';

export const idParams = z.object({ id: z.uuid() });
const ifMatchHeaders = z.object({
  'if-match': z.string().optional().describe('The ETag (version) of the record as last read. Required.'),
});

/** Problem responses every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  429: problemSchema,
};
const writeErrors = { ...commonErrors, 412: problemSchema, 428: problemSchema };

/** `"7"` or `W/"7"` → 7; anything else is treated as absent (428). */
export function parseIfMatch(header: string | undefined): number | undefined {
  const m = header?.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  return m ? Number(m[1]) : undefined;
}

export const etag = (row: Row) => `"${row.version}"`;

function sendItem(reply: FastifyReply, row: Row, status = 200) {
  return reply.status(status).header('etag', etag(row)).send(row);
}

/** "an Account", "a Contact": the article for an OpenAPI summary. */
const article = (label: string) => (/^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`);

/** Registers the standard collection and item routes of a resource (list, create, get, patch, delete, restore). */
export function registerResourceRoutes(app: App, res: Resource, opts: { tag: string }) {
  const base = `/api/v1/${res.name}`;
  const tags = [opts.tag];
  const conflict = res.writeConflict ? { 409: res.writeConflict } : {};
  const listSchema = z
    .object({
      items: z.array(res.extrasInList ? res.itemSchema : res.outputSchema),
      nextCursor: z.string().nullable(),
    })
    .meta({ id: `${res.label}List` });

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${res.name}`,
        querystring: res.listQuerySchema,
        response: { 200: listSchema, ...commonErrors },
      },
    },
    async (req) => listRows(req.server.db, res, req.actor!, req.query as Parameters<typeof listRows>[3]),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Create ${article(res.label)}`,
        body: res.createSchema,
        response: { 201: res.itemSchema, ...commonErrors, ...conflict },
      },
    },
    async (req, reply) => {
      const row = await createRecord({
        db: req.server.db,
        res,
        actor: req.actor!,
        input: req.body as Row,
        now: new Date(),
      });
      reply.header('location', `${base}/${row.id}`);
      return sendItem(reply, row, 201);
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Get ${article(res.label)}`,
        params: idParams,
        response: { 200: res.itemSchema, ...commonErrors },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const row = await getRow(req.server.db, res, req.actor!, req.params.id);
      if (!row) throw req.server.notFound(res.label);
      return sendItem(reply, row);
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change ${article(res.label)}`,
        params: idParams,
        headers: ifMatchHeaders,
        body: res.patchSchema,
        response: { 200: res.itemSchema, ...writeErrors, ...conflict },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string }; Headers: { 'if-match'?: string } }>, reply) => {
      const row = await updateRecord({
        db: req.server.db,
        res,
        actor: req.actor!,
        id: req.params.id,
        input: req.body as Row,
        pre: { ifMatch: parseIfMatch(req.headers['if-match']) },
        now: new Date(),
      });
      return sendItem(reply, row);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Delete ${article(res.label)} (to the recycle bin for 30 days)`,
        params: idParams,
        headers: ifMatchHeaders,
        response: { 204: z.null().describe('Deleted'), ...writeErrors },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string }; Headers: { 'if-match'?: string } }>, reply) => {
      const pre = { ifMatch: parseIfMatch(req.headers['if-match']) };
      await deleteRecord({
        db: req.server.db,
        res,
        actor: req.actor!,
        id: req.params.id,
        pre,
        now: new Date(),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${base}/:id/restore`,
    {
      schema: {
        tags,
        summary: `Restore a deleted ${res.label.toLowerCase()} from the recycle bin`,
        params: idParams,
        // Only resources that are told something on restore take a body, and even theirs may be left out
        // (Fastify validates a missing body as null).
        ...(res.restore ? { body: res.restore.body.nullish() } : {}),
        response: {
          200: res.itemSchema,
          ...commonErrors,
          ...(res.restore?.conflict ? { 409: res.restore.conflict } : {}),
        },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const row = await restoreRecord({
        db: req.server.db,
        res,
        actor: req.actor!,
        id: req.params.id,
        input: (req.body as Row | undefined) ?? {},
        now: new Date(),
      });
      return sendItem(reply, row);
    },
  );
}
