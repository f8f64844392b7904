import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource, type Row } from '../../crud/resource.ts';
import type { DbOrTx } from '../../db/client.ts';
import { quotas } from '../../db/schema/index.ts';
import { conflict, invalid, problemSchema } from '../../http/errors.ts';
import { moneyField } from '../fields.ts';

/**
 * Quotas: an amount to win in a period of inclusive dates. With `userId`, the person's quota (`teamId`,
 * optional, is the team it counts toward in roll-ups; default the person's team). With only `teamId`, the
 * team's own quota, which replaces the sum of its members' in roll-ups. Admins set them; reps see their
 * own (and their team's), managers those of their team subtree.
 */

const scope = (actor: Actor): SQL => actor.scopeSql ?? sql`${`{${(actor.scopeUserIds ?? []).join(',')}}`}`;

async function check({ tx, actor, input, before }: { tx: DbOrTx; actor: Actor; input: Row; before?: Row }) {
  const userId = ('userId' in input ? input.userId : before?.userId) as string | null | undefined;
  const teamId = ('teamId' in input ? input.teamId : before?.teamId) as string | null | undefined;
  if (!userId && !teamId)
    throw invalid([fieldError('userId', 'quota_subject'), fieldError('teamId', 'quota_subject')]);
  const start = (input.periodStart ?? before?.periodStart) as string;
  const end = (input.periodEnd ?? before?.periodEnd) as string;
  if (end < start) throw invalid([fieldError('periodEnd', 'not_before', { other: 'periodStart' })]);
  await assertNoOtherQuota(tx, actor, { id: before?.id as string | undefined, userId, teamId, start, end });
  return undefined;
}

/**
 * One live quota per subject and period (the unique index is the backstop under concurrency): a second
 * one used to be added to the first in roll-ups. The 409 names the period and carries the existing quota,
 * so the client can offer to edit that one instead.
 */
async function assertNoOtherQuota(
  tx: DbOrTx,
  actor: Actor,
  q: { id?: string; userId?: string | null; teamId?: string | null; start: string; end: string },
) {
  // The subject: a team's own quota, or a person's toward a team (none: their own team), as the index.
  const subject = sql`user_id IS NOT DISTINCT FROM ${q.userId ?? null}::uuid
    AND team_id IS NOT DISTINCT FROM ${q.teamId ?? null}::uuid`;
  const found = await tx.execute<{ id: string }>(sql`
    SELECT id FROM quotas
     WHERE org_id = ${actor.orgId} AND deleted_at IS NULL AND ${subject}
       AND period_start = ${q.start}::date AND period_end = ${q.end}::date
       ${q.id ? sql`AND id <> ${q.id}` : sql``}
     LIMIT 1`);
  const existing = found.rows[0];
  if (!existing) return;
  throw conflict(
    'duplicate_quota',
    `The ${q.userId ? 'user' : 'team'} already has a quota for ${q.start} to ${q.end}.`,
    {
      errors: [fieldError(q.userId ? 'userId' : 'teamId', 'quota_exists', { from: q.start, to: q.end })],
      existingId: existing.id,
    },
  );
}

export const quotasResource: Resource = defineResource({
  name: 'quotas',
  label: 'Quota',
  table: quotas,
  writable: ['userId', 'teamId', 'periodStart', 'periodEnd', 'amount', 'note'],
  fieldSchemas: {
    userId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    amount: moneyField,
    note: z.string().trim().max(2_000).nullable(),
  },
  filters: { userId: 'uuid', teamId: 'uuid', periodStart: 'date', periodEnd: 'date' },
  sorts: ['periodStart', 'createdAt'],
  defaultSort: '-periodStart',
  searchable: false,
  visibility: (actor) =>
    actor.scopeUserIds
      ? sql`("quotas".user_id = ANY(${scope(actor)}::uuid[]) OR ("quotas".user_id IS NULL AND "quotas".team_id IN
          (SELECT vu.team_id FROM users vu WHERE vu.org_id = "quotas".org_id AND vu.id = ANY(${scope(actor)}::uuid[]))))`
      : undefined,
  writeAccess: 'admin',
  // A race past the check above meets the unique index: reported on the subject.
  constraintFields: { quotas_subject_period_key: 'userId' },
  writeConflict: problemSchema
    .extend({ existingId: z.uuid().optional().describe('The quota the subject already has for the period') })
    .meta({ id: 'QuotaConflict' }),
  hooks: { beforeWrite: check },
});
