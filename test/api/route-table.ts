import type { FastifySchema, RouteOptions } from 'fastify';
import { createTestApp, type TestContext } from '../helpers.ts';

/** One registered method + URL, with the schema and config it was registered with. */
export type RouteInfo = {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  public: boolean;
};

/**
 * createTestApp that also records every route as Fastify registers it, so a test can walk the whole
 * route table (a route added later is covered without editing the test).
 */
export async function createTestAppWithRoutes(): Promise<TestContext & { routes: RouteInfo[] }> {
  const routes: RouteInfo[] = [];
  const onRoute = (r: RouteOptions) => {
    const config = r.config as { public?: boolean } | undefined;
    for (const method of [r.method].flat())
      routes.push({ method, url: r.url, schema: r.schema, public: config?.public === true });
  };
  const ctx = await createTestApp({ onRoute });
  return { ...ctx, routes };
}

/** The /api/v1 routes, without the automatic HEAD twins of GET routes. */
export const apiRoutes = (routes: RouteInfo[]) =>
  routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
