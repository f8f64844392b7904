import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes, createTestAppWithRoutes, type RouteInfo } from './route-table.ts';
import { toJson } from './schema-sample.ts';

type Ctx = Awaited<ReturnType<typeof createTestAppWithRoutes>>;
type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  summary?: string;
  tags?: string[];
  security?: unknown[];
};
type OpenApi = {
  openapi: string;
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components?: unknown;
};

let ctx: Ctx;
let doc: OpenApi;
let routes: RouteInfo[];

/** POST actions on a record or session that take no body by design. */
const BODYLESS_ACTIONS = [/\/:id\/restore$/, /\/auth\/logout$/, /\/stages\/:stageId\/(retire|reactivate)$/];

beforeAll(async () => {
  ctx = await createTestAppWithRoutes();
  routes = apiRoutes(ctx.routes).filter((r) => r.url !== '/api/v1/openapi.json');
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json<OpenApi>();
});
afterAll(() => ctx.close());

/**
 * The media types and schemas of a route's response for a status: a plain zod schema is JSON; a download
 * (CSV export, ZIP bundle) declares `{content: {'text/csv': {schema}}}`.
 */
function responseBodies(r: RouteInfo, code: string): [string, unknown][] {
  const decl = (r.schema?.response as Record<string, unknown> | undefined)?.[code];
  const content = (decl as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  if (content && typeof content === 'object') return Object.entries(content).map(([t, v]) => [t, v.schema]);
  return [['application/json', decl]];
}

const successCodes = (r: RouteInfo) =>
  Object.keys((r.schema?.response as Record<string, unknown> | undefined) ?? {}).filter((c) =>
    /^2\d\d$/.test(c),
  );

describe('OpenAPI', () => {
  it('is an OpenAPI 3.1.0 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(routes.length).toBeGreaterThan(50);
  });

  it('every route has a response schema for its success status, a body schema when it takes one, and params', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      const codes = successCodes(r);
      if (codes.length === 0) problems.push(`${name}: no 2xx response schema`);
      for (const c of codes)
        for (const [type, schema] of responseBodies(r, c))
          if (!toJson(schema)) problems.push(`${name}: ${c} ${type} schema is not a zod schema`);
      const takesBody =
        r.method === 'PATCH' || (r.method === 'POST' && !BODYLESS_ACTIONS.some((a) => a.test(r.url)));
      if (takesBody && !toJson(r.schema?.body)) problems.push(`${name}: no body schema`);
      // A bodyless action may still be told something (an account's restore: `allowDuplicate`), if the
      // body may be left out: Fastify validates a missing body as null.
      const bodyOptional = r.schema?.body instanceof z.ZodType && r.schema.body.safeParse(null).success;
      if (!takesBody && r.schema?.body && !bodyOptional) problems.push(`${name}: unexpected body schema`);
      if (r.url.includes(':')) {
        const params = toJson(r.schema?.params);
        const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        for (const p of names)
          if (!params?.properties?.[p]) problems.push(`${name}: no params schema for :${p}`);
      }
      if (!r.schema?.summary) problems.push(`${name}: no summary`);
    }
    expect(problems).toEqual([]);
  });

  it('every route appears in the document with its parameters, request body and responses', () => {
    const problems: string[] = [];
    let operations = 0;
    for (const r of routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const name = `${r.method} ${path}`;
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${name}: missing from openapi.json`);
        continue;
      }
      operations++;
      const params = op.parameters ?? [];
      for (const [, p] of path.matchAll(/\{(\w+)\}/g))
        if (!params.some((x) => x.in === 'path' && x.name === p && x.required))
          problems.push(`${name}: path parameter ${p} not documented`);
      const query = toJson(r.schema?.querystring);
      for (const q of Object.keys(query?.properties ?? {}))
        if (!params.some((x) => x.in === 'query' && x.name === q))
          problems.push(`${name}: query parameter ${q} not documented`);
      if (r.schema?.body) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema) problems.push(`${name}: no application/json requestBody`);
      }
      for (const code of successCodes(r)) {
        const resp = op.responses?.[code];
        if (!resp) problems.push(`${name}: response ${code} not documented`);
        else if (code !== '204')
          for (const [type] of responseBodies(r, code))
            if (!resp.content?.[type]?.schema)
              problems.push(`${name}: response ${code} has no ${type} schema`);
      }
      const errors = Object.keys(op.responses ?? {}).filter((c) => /^[45]\d\d$/.test(c));
      if (!r.public && !errors.includes('401')) problems.push(`${name}: 401 not documented`);
      // Public routes say so; the others inherit the document's bearer/session requirement.
      if (r.public && (op.security?.length ?? -1) !== 0)
        problems.push(`${name}: public but not security: []`);
      if (!r.public && op.security?.length === 0) problems.push(`${name}: protected but security: []`);
    }
    expect(problems).toEqual([]);
    expect(operations).toBe(routes.length);
    // Nothing documented that is not served (the hidden document route aside).
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const served = new Set(routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
  });

  it('serves the interactive docs as HTML', async () => {
    let url = '/api/docs';
    let res = await ctx.app.inject({ method: 'GET', url });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      url = new URL(String(res.headers.location), `http://localhost${url}`).pathname;
      res = await ctx.app.inject({ method: 'GET', url });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body.toLowerCase()).toContain('swagger');
  });
});
