import type { TestContext } from '../helpers.ts';
import type { RouteInfo } from './route-table.ts';
import { sample, toJson } from './schema-sample.ts';

/** A path parameter of a route and the kind of record it addresses (the segment before it). */
export type PathParam = { name: string; kind: string };

export function pathParams(url: string): PathParam[] {
  const parts = url.split('/');
  return parts.flatMap((p, i) => (p.startsWith(':') ? [{ name: p.slice(1), kind: parts[i - 1] ?? '' }] : []));
}

/** Every kind of record some route addresses by id. */
export function addressedKinds(routes: RouteInfo[]): string[] {
  return [...new Set(routes.flatMap((r) => pathParams(r.url).map((p) => p.kind)))].sort();
}

async function inject(ctx: TestContext, token: string, method: string, url: string, body?: unknown) {
  const res = await ctx.app.inject({
    method: method as 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : {}) as Record<string, unknown> };
}

/**
 * Makes one record of `kind` in an organization for a kind the test does not seed by hand (a route added
 * later): through its create route `POST /api/v1/<kind>` with a sample body whose references are the
 * organization's own records, else the organization's rows of the table named like the kind. Returns the
 * ids found (none when it cannot). `deleted` also deletes the record (to the recycle bin).
 */
export async function seedKind(opts: {
  ctx: TestContext;
  routes: RouteInfo[];
  token: string;
  orgId: string;
  kind: string;
  refs: (kind: string) => string | undefined;
  deleted?: boolean;
  variant?: number;
}): Promise<string[]> {
  const { ctx, routes, token, kind } = opts;
  const create = routes.find((r) => r.method === 'POST' && r.url === `/api/v1/${kind}`);
  const body = toJson(create?.schema?.body);
  if (create && body) {
    // Unique keys may need records that differ: try other enum values before giving up.
    for (let variant = opts.variant ?? 0; variant < (opts.variant ?? 0) + 4; variant++) {
      const value = sample(body, kind, {
        ref: (k) => opts.refs(k) ?? '00000000-0000-4000-8000-000000000000',
        variant,
      });
      const res = await inject(ctx, token, 'POST', create.url, value);
      if (res.status === 409) continue;
      if (res.status !== 201 || typeof res.body.id !== 'string') return [];
      const id = res.body.id;
      if (!opts.deleted) return [id];
      const del = routes.find((r) => r.method === 'DELETE' && r.url === `/api/v1/${kind}/:id`);
      if (!del) return [];
      const gone = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/v1/${kind}/${id}`,
        headers: { authorization: `Bearer ${token}`, 'if-match': `"${res.body.version ?? 1}"` },
      });
      return gone.statusCode === 204 ? [id] : [];
    }
    return [];
  }
  if (opts.deleted) return [];
  const tables = await ctx.db.pool.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.columns o ON o.table_schema = c.table_schema AND o.table_name = c.table_name
       AND o.column_name = 'org_id'
      WHERE c.table_schema = 'public' AND c.column_name = 'id' AND (c.table_name = $1 OR c.table_name LIKE $2)
      ORDER BY length(c.table_name)`,
    [kind, `%\\_${kind}`],
  );
  const table = tables.rows[0]?.table_name;
  if (!table) return [];
  const rows = await ctx.db.pool.query<{ id: string }>(
    `SELECT id::text FROM "${table}" WHERE org_id = $1 ORDER BY id LIMIT 3`,
    [opts.orgId],
  );
  return rows.rows.map((r) => r.id);
}
