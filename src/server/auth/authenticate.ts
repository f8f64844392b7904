import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiTokens, sessions } from '../db/schema/index.ts';
import { DomainError, unauthorized } from '../http/errors.ts';
import { loadActor } from './actor.ts';
import { sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'winpath_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie-authenticated request that changes state must come from our own origin: browsers attach
 * cookies to cross-site requests, so without this check another site could act as the user.
 */
function assertSameOrigin(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const source = req.headers.origin ?? req.headers.referer;
  const host = req.headers.host;
  let sourceHost: string | undefined;
  try {
    sourceHost = source ? new URL(source).host : undefined;
  } catch {
    sourceHost = undefined;
  }
  if (!sourceHost || !host || sourceHost !== host)
    throw new DomainError(
      403,
      'cross_origin_request',
      'State-changing requests with a session cookie must come from Winpath itself.',
    );
}

/** Resolves the credential of a request (bearer token or session cookie) to an actor; onRequest hook. */
export async function authenticate(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  req.actor = undefined;
  req.authVia = undefined;
  const auth = req.headers.authorization;
  const app = req.server;
  if (auth !== undefined) {
    const m = auth.match(/^Bearer\s+(\S+)$/i);
    if (!m) throw unauthorized();
    const key = `t:${sha256(m[1]!)}`;
    let actor = app.actors.get(key);
    if (!actor) {
      const hash = key.slice(2);
      const found = await app.db
        .update(apiTokens)
        .set({ lastUsedAt: new Date().toISOString() })
        .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
        .returning({ orgId: apiTokens.orgId, userId: apiTokens.userId });
      const t = found[0];
      actor = t ? await loadActor(app.db, t.orgId, t.userId) : undefined;
      if (!actor) throw unauthorized();
      app.actors.set(key, actor);
    }
    req.actor = actor;
    req.authVia = 'token';
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (cookie) {
    const key = `s:${sha256(cookie)}`;
    let actor = app.actors.get(key);
    if (!actor) {
      const found = await app.db
        .select({ orgId: sessions.orgId, userId: sessions.userId })
        .from(sessions)
        .where(and(eq(sessions.tokenHash, key.slice(2)), gt(sessions.expiresAt, sql`now()`)));
      const s = found[0];
      actor = s ? await loadActor(app.db, s.orgId, s.userId) : undefined;
      if (actor) app.actors.set(key, actor);
    }
    if (actor) {
      req.actor = actor;
      req.authVia = 'session';
      assertSameOrigin(req);
    }
  }
  if (!req.actor && !req.routeOptions.config.public) throw unauthorized();
}
