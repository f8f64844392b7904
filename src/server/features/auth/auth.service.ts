import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { dummyHash, hashPassword, newSecret, sha256, verifyPassword } from '../../auth/secrets.ts';
import type { Db } from '../../db/client.ts';
import { apiTokens, organizations, sessions, users } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { FailureLimiter } from './rate-limit.ts';

export const SESSION_DAYS = 14;
const byIp = new FailureLimiter(50, 15 * 60_000);
const byAccount = new FailureLimiter(8, 15 * 60_000);

const badCredentials = () => new DomainError(401, 'invalid_credentials', 'The e-mail or password is wrong.');

/**
 * E-mail + password sign-in. E-mails are unique per organization; `org` picks one when the same e-mail
 * exists in several, otherwise the one whose password matches signs in.
 */
export async function login(opts: {
  db: Db;
  email: string;
  password: string;
  org?: string;
  ip: string;
  now: Date;
}): Promise<{ sessionToken: string; expiresAt: Date; userId: string; orgId: string }> {
  const { db, ip, now } = opts;
  const email = opts.email.trim().toLowerCase();
  const accountKey = `${ip}|${email}`;
  const wait = Math.max(byIp.retryAfter(ip, now.getTime()), byAccount.retryAfter(accountKey, now.getTime()));
  if (wait > 0) {
    await writeAudit(db, { orgId: null, actorId: null, event: 'login_rate_limited', ip, detail: { email } });
    throw new DomainError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${wait} s.`, {
      retryAfter: wait,
    });
  }
  const candidates = await db
    .select({
      id: users.id,
      orgId: users.orgId,
      hash: users.passwordHash,
      status: users.status,
      slug: organizations.slug,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(
      and(
        sql`lower(${users.email}) = ${email}`,
        isNull(users.deletedAt),
        opts.org ? eq(organizations.slug, opts.org) : undefined,
      ),
    )
    .limit(10);
  let match: (typeof candidates)[number] | undefined;
  for (const c of candidates) {
    if (c.hash && c.status === 'active' && (await verifyPassword(c.hash, opts.password))) {
      match = c;
      break;
    }
  }
  if (!candidates.length) await verifyPassword(await dummyHash(), opts.password);
  if (!match) {
    byIp.fail(ip, now.getTime());
    byAccount.fail(accountKey, now.getTime());
    await writeAudit(db, {
      orgId: candidates[0]?.orgId ?? null,
      actorId: null,
      event: 'login_failed',
      ip,
      detail: { email },
    });
    throw badCredentials();
  }
  byAccount.reset(accountKey);
  const sessionToken = newSecret('');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: sha256(sessionToken),
      orgId: match.orgId,
      userId: match.id,
      expiresAt: expiresAt.toISOString(),
    });
    await writeAudit(tx, { orgId: match.orgId, actorId: match.id, event: 'login_succeeded', ip });
  });
  return { sessionToken, expiresAt, userId: match.id, orgId: match.orgId };
}

export async function logout(opts: {
  db: Db;
  sessionToken: string;
  actor: Actor;
  ip: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(opts.sessionToken)));
    await writeAudit(tx, {
      orgId: opts.actor.orgId,
      actorId: opts.actor.userId,
      event: 'logout',
      ip: opts.ip,
    });
  });
}

/** Creates an API token for a user; the raw token is returned once and only its hash is stored. */
export async function createToken(opts: {
  db: Db;
  orgId: string;
  userId: string;
  name: string;
  actorId: string | null;
}): Promise<{ id: string; token: string; prefix: string; name: string; createdAt: string }> {
  const token = newSecret('wp_');
  const prefix = token.slice(0, 10);
  return opts.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ orgId: opts.orgId, userId: opts.userId, name: opts.name, tokenHash: sha256(token), prefix })
      .returning({ id: apiTokens.id, createdAt: apiTokens.createdAt });
    await writeAudit(tx, {
      orgId: opts.orgId,
      actorId: opts.actorId,
      event: 'token_created',
      detail: { tokenId: row!.id, userId: opts.userId, name: opts.name },
    });
    return { id: row!.id, token, prefix, name: opts.name, createdAt: row!.createdAt };
  });
}

export async function revokeToken(opts: { db: Db; actor: Actor; id: string; now: Date }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: opts.now.toISOString() })
      .where(
        and(
          eq(apiTokens.orgId, actor.orgId),
          eq(apiTokens.id, opts.id),
          isNull(apiTokens.revokedAt),
          actor.isAdmin ? undefined : eq(apiTokens.userId, actor.userId),
        ),
      )
      .returning({ id: apiTokens.id });
    if (!rows.length)
      throw new DomainError(404, 'not_found', 'The token does not exist or is already revoked.');
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      event: 'token_revoked',
      detail: { tokenId: opts.id },
    });
  });
}

/** Self-service profile: name, language, password (the current one is required to change it). */
export async function updateProfile(opts: {
  db: Db;
  actor: Actor;
  input: { name?: string; locale?: 'en' | 'zh-CN'; password?: string; currentPassword?: string };
  /** The session making the change survives a password change; every other session of the user ends. */
  keepSession?: string;
}): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const values: Partial<typeof users.$inferInsert> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.locale !== undefined) values.locale = input.locale;
    // Setting the password it already has changes nothing: no new hash, no sessions ended, no audit entry.
    if (input.password !== undefined && input.password !== input.currentPassword) {
      const [me] = await tx
        .select({ hash: users.passwordHash })
        .from(users)
        .where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
      if (!me?.hash || !input.currentPassword || !(await verifyPassword(me.hash, input.currentPassword)))
        throw new DomainError(403, 'current_password_wrong', 'The current password is wrong.', {
          errors: [fieldError('currentPassword', 'wrong_password')],
        });
      values.passwordHash = await hashPassword(input.password);
      const keep = opts.keepSession ? sha256(opts.keepSession) : '';
      await tx
        .delete(sessions)
        .where(
          and(
            eq(sessions.orgId, actor.orgId),
            eq(sessions.userId, actor.userId),
            ne(sessions.tokenHash, keep),
          ),
        );
      await writeAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        event: 'password_changed',
        detail: { userId: actor.userId },
      });
    }
    await tx
      .update(users)
      .set({
        ...values,
        version: sql`${users.version} + 1`,
        updatedAt: new Date().toISOString(),
        updatedBy: actor.userId,
      })
      .where(and(eq(users.orgId, actor.orgId), eq(users.id, actor.userId)));
  });
}
