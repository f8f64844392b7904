import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './http/types.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Serves the built single-page app; unknown non-API paths get index.html so client routes deep-link. */
export async function registerWeb(app: App): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain')
        .send('Winpath API is running. The web app is not built: run `npm run build:web`.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false, maxAge: '1h', immutable: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET')
      return reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'https://winpath.dev/problems/route_not_found',
          title: 'Not Found',
          status: 404,
          code: 'route_not_found',
          detail: `No route ${req.method} ${req.url.split('?')[0]}.`,
        });
    return reply.type('text/html').sendFile('index.html');
  });
}
