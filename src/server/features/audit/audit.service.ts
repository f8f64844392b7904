import type { DbOrTx } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

export type AuditEvent =
  | 'org_created'
  | 'login_succeeded'
  | 'login_failed'
  | 'login_rate_limited'
  | 'logout'
  | 'token_created'
  | 'token_revoked'
  | 'user_created'
  | 'user_role_changed'
  | 'user_status_changed'
  | 'password_changed'
  | 'user_deleted'
  | 'backup_restored'
  | 'import_started'
  | 'import_completed';

/** Appends a security event; call it inside the transaction of the change it records. */
export async function writeAudit(
  db: DbOrTx,
  e: {
    orgId: string | null;
    actorId: string | null;
    event: AuditEvent;
    ip?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: e.orgId,
    actorId: e.actorId,
    event: e.event,
    ip: e.ip ?? null,
    detail: e.detail ?? {},
  });
}
