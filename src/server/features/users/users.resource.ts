import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import { hashPassword } from '../../auth/secrets.ts';
import { defineResource, type Resource } from '../../crud/resource.ts';
import { users } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.service.ts';
import { emailField, externalIdField, nameField } from '../fields.ts';

export const passwordField = z.string().min(10).max(200);

/**
 * Users of the organization. Everyone reads the directory (owners, teams); admins manage it. Users
 * imported without an e-mail own history but cannot sign in until an admin gives them one and a password.
 */
export const usersResource: Resource = defineResource({
  name: 'users',
  label: 'User',
  table: users,
  writable: ['email', 'name', 'role', 'status', 'locale', 'teamId', 'externalId'],
  internalFields: ['passwordHash'],
  fieldSchemas: { email: emailField.nullable(), name: nameField, externalId: externalIdField },
  extraInput: { password: passwordField.optional().describe('Write-only; stored as an argon2id hash') },
  itemExtras: {
    // Derived, not stored: the hash never leaves the server, but admins must see who cannot sign in yet.
    canSignIn: {
      sql: sql`("users".email IS NOT NULL AND "users".password_hash IS NOT NULL)`,
      schema: z
        .boolean()
        .describe(
          'Has an e-mail and a password. False for users an import created by name: they own history; an admin invites them by setting `email` and `password`.',
        ),
    },
  },
  extrasInList: true,
  filters: { role: 'enum', status: 'enum', teamId: 'uuid' },
  sorts: ['name', 'email', 'createdAt'],
  defaultSort: 'name',
  searchable: false,
  visibility: () => undefined,
  writeAccess: 'admin',
  hooks: {
    beforeWrite: async ({ tx, actor, input, before }) => {
      const out = { ...input };
      if (typeof out.password === 'string') out.passwordHash = await hashPassword(out.password);
      delete out.password;
      // The organization must keep at least one active admin.
      const losesAdmin =
        before?.role === 'admin' &&
        before.status === 'active' &&
        ((out.role !== undefined && out.role !== 'admin') || out.status === 'deactivated');
      if (losesAdmin) {
        const others = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(users)
          .where(
            and(
              eq(users.orgId, actor.orgId),
              ne(users.id, before.id as string),
              eq(users.role, 'admin'),
              eq(users.status, 'active'),
              sql`${users.deletedAt} IS NULL`,
            ),
          );
        if (!others[0]?.n)
          throw new DomainError(409, 'last_admin', 'The organization needs at least one active admin.', {
            errors: [fieldError(out.role !== undefined ? 'role' : 'status', 'last_admin')],
          });
      }
      return out;
    },
    afterCreate: async ({ tx, actor, row }) => {
      await writeAudit(tx, {
        orgId: actor.orgId,
        actorId: actor.userId,
        event: 'user_created',
        detail: { userId: row.id },
      });
    },
    afterUpdate: async ({ tx, actor, before, row, input }) => {
      const audit = (event: Parameters<typeof writeAudit>[1]['event'], detail: Record<string, unknown>) =>
        writeAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          event,
          detail: { userId: row.id, ...detail },
        });
      if (before.role !== row.role) await audit('user_role_changed', { from: before.role, to: row.role });
      if (before.status !== row.status)
        await audit('user_status_changed', { from: before.status, to: row.status });
      if (typeof input.passwordHash === 'string') await audit('password_changed', {});
    },
    afterDelete: async ({ tx, actor, row, restored }) => {
      if (!restored)
        await writeAudit(tx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          event: 'user_deleted',
          detail: { userId: row.id },
        });
    },
  },
});
