import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, loadActor } from '../../auth/actor.ts';
import { SESSION_COOKIE } from '../../auth/authenticate.ts';
import { commonErrors, idParams } from '../../crud/routes.ts';
import { apiTokens, organizations } from '../../db/schema/index.ts';
import type { App } from '../../http/types.ts';
import { passwordField } from '../users/users.resource.ts';
import { createToken, login, logout, revokeToken, SESSION_DAYS, updateProfile } from './auth.service.ts';

const tags = ['Auth'];
/** Readable by scripts; carries no secret, only that a session was started (see the login route). */
export const SESSION_HINT_COOKIE = 'winpath_signed_in';
const me = z
  .object({
    user: z.object({
      id: z.uuid(),
      name: z.string(),
      email: z.string().nullable(),
      role: z.string(),
      locale: z.enum(['en', 'zh-CN']),
    }),
    organization: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), defaultCurrency: z.string() }),
  })
  .meta({ id: 'Me' });
const tokenOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

async function meOf(app: App, actor: Actor) {
  const [org] = await app.db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      defaultCurrency: organizations.defaultCurrency,
    })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId));
  return {
    user: { id: actor.userId, name: actor.name, email: actor.email, role: actor.role, locale: actor.locale },
    organization: org!,
  };
}

export function registerAuthRoutes(app: App) {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password; sets the HttpOnly session cookie',
        security: [],
        body: z
          .object({
            email: z.string().trim().min(3).max(254),
            password: z.string().min(1).max(200),
            org: z
              .string()
              .max(63)
              .optional()
              .describe('Organization slug, when the e-mail exists in several'),
          })
          .strict(),
        response: { 200: me, ...commonErrors },
      },
    },
    async (req, reply) => {
      const s = await login({ db: app.db, ...req.body, ip: req.ip, now: new Date() });
      reply.setCookie(SESSION_COOKIE, s.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.secureCookies || req.protocol === 'https',
        path: '/',
        maxAge: SESSION_DAYS * 86_400,
      });
      // A secret-free companion the web app can read: "this browser has a session" (the session cookie
      // itself is HttpOnly), so a signed-out visit goes straight to the sign-in page without a 401.
      reply.setCookie(SESSION_HINT_COOKIE, '1', {
        httpOnly: false,
        sameSite: 'lax',
        secure: app.secureCookies || req.protocol === 'https',
        path: '/',
        maxAge: SESSION_DAYS * 86_400,
      });
      return meOf(app, (await loadActor(app.db, s.orgId, s.userId))!);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null(), ...commonErrors } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await logout({ db: app.db, sessionToken: token, actor: req.actor!, ip: req.ip });
        app.actors.clear();
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(SESSION_HINT_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'Who am I', response: { 200: me, ...commonErrors } } },
    async (req) => meOf(app, req.actor!),
  );

  app.patch(
    '/api/v1/auth/me',
    {
      schema: {
        tags,
        summary: 'Change my name, language or password',
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            locale: z.enum(['en', 'zh-CN']).optional(),
            password: passwordField.optional(),
            currentPassword: z.string().max(200).optional(),
          })
          .strict(),
        response: { 200: me, ...commonErrors },
      },
    },
    async (req) => {
      await updateProfile({
        db: app.db,
        actor: req.actor!,
        input: req.body,
        keepSession: req.cookies[SESSION_COOKIE],
      });
      app.actors.clear();
      return meOf(app, (await loadActor(app.db, req.actor!.orgId, req.actor!.userId))!);
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'My API tokens (never the secret)',
        response: { 200: z.object({ items: z.array(tokenOut) }), ...commonErrors },
      },
    },
    async (req) => {
      const items = await app.db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          prefix: apiTokens.prefix,
          createdAt: apiTokens.createdAt,
          lastUsedAt: apiTokens.lastUsedAt,
        })
        .from(apiTokens)
        .where(and(eq(apiTokens.orgId, req.actor!.orgId), eq(apiTokens.userId, req.actor!.userId)))
        .orderBy(desc(apiTokens.createdAt));
      return { items };
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for myself; the token is shown only in this response',
        body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
        response: { 201: tokenOut.omit({ lastUsedAt: true }).extend({ token: z.string() }), ...commonErrors },
      },
    },
    async (req, reply) => {
      const t = await createToken({
        db: app.db,
        orgId: req.actor!.orgId,
        userId: req.actor!.userId,
        name: req.body.name,
        actorId: req.actor!.userId,
      });
      return reply.status(201).send(t);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (req, reply) => {
      await revokeToken({ db: app.db, actor: req.actor!, id: req.params.id, now: new Date() });
      app.actors.clear();
      return reply.status(204).send(null);
    },
  );
}
