import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type RouteOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ActorCache } from './auth/actor.ts';
import { authenticate } from './auth/authenticate.ts';
import type { Db } from './db/client.ts';
import { registerApi } from './features/index.ts';
import { notFound, notFoundHandler, problemHandler } from './http/errors.ts';
import { createSerializerCompiler } from './http/serializer.ts';
import type { App } from './http/types.ts';
import { registerWeb } from './web.ts';

export type AppOptions = {
  db: Db;
  version: string;
  logLevel?: string;
  secureCookies?: boolean;
  /** Check every response against its zod schema before sending (tests turn it on). */
  validateResponses?: boolean;
  /** Serve the built web app from dist/web (off in API tests). */
  web?: boolean;
  /** Called for every route as it is registered (tests walk the route table with it). */
  onRoute?: (route: RouteOptions) => void;
};

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'silent' },
    bodyLimit: 1_048_576,
    trustProxy: false,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createSerializerCompiler({ validate: opts.validateResponses ?? false }));
  app.decorate('db', opts.db);
  app.decorate('actors', new ActorCache());
  app.decorate('notFound', notFound);
  app.decorate('winpathVersion', opts.version);
  app.decorate('secureCookies', opts.secureCookies ?? false);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('authVia', undefined);
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Winpath API',
        version: opts.version,
        description:
          'REST API of Winpath. Authenticate with `Authorization: Bearer <token>` (create one with `winpath token create`) ' +
          'or with the session cookie set by `POST /api/v1/auth/login`. Every item carries a `version`; GET returns it as ' +
          'an `ETag`, and PATCH/DELETE require it in `If-Match`. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'winpath_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(async (api) => {
    api.addHook('onRequest', authenticate);
    await registerApi(api as unknown as App);
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  if (opts.web) await registerWeb(app);
  return app;
}
