import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './http/types.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/**
 * Serves the built single-page app. Hashed files under /assets/ are cached for good; anything else that
 * is a file of dist/web (favicon …) is served revalidated, and every other non-API GET gets index.html
 * (revalidated too, so a new build is picked up at once) so client routes deep-link. Files are looked up
 * per request, so rebuilding the web app while the server runs works.
 */
export async function registerWeb(app: App): Promise<void> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain')
        .send('Winpath API is running. The web app is not built: run `npm run build:web`.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: path.join(webDist, 'assets'),
    prefix: '/assets/',
    wildcard: true,
    cacheControl: false,
    setHeaders: (res) => {
      res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  // The app's not-found handler stays in charge of the API and of other methods.
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    let urlPath = req.url.split('?')[0] ?? '/';
    try {
      urlPath = decodeURIComponent(urlPath);
    } catch {
      urlPath = '/';
    }
    if (urlPath.startsWith('/api/'))
      return reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'https://winpath.dev/problems/route_not_found',
          title: 'Not Found',
          status: 404,
          code: 'route_not_found',
          detail: `No route ${req.method} ${urlPath}.`,
        });
    reply.header('cache-control', 'no-cache');
    const file = path.join(webDist, path.normalize(urlPath));
    if (
      urlPath !== '/' &&
      file.startsWith(`${webDist}${path.sep}`) &&
      fs.statSync(file, { throwIfNoEntry: false })?.isFile()
    )
      return reply.sendFile(path.relative(webDist, file), webDist);
    return reply.type('text/html').sendFile('index.html', webDist);
  });
}
