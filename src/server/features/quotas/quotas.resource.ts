import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource, type Row } from '../../crud/resource.ts';
import { quotas } from '../../db/schema/index.ts';
import { invalid } from '../../http/errors.ts';
import { moneyField } from '../fields.ts';

/**
 * Quotas: an amount to win in a period of inclusive dates. With `userId`, the person's quota (`teamId`,
 * optional, is the team it counts toward in roll-ups; default the person's team). With only `teamId`, the
 * team's own quota, which replaces the sum of its members' in roll-ups. Admins set them; reps see their
 * own (and their team's), managers those of their team subtree.
 */

const scope = (actor: Actor): SQL => actor.scopeSql ?? sql`${`{${(actor.scopeUserIds ?? []).join(',')}}`}`;

async function check({ input, before }: { input: Row; before?: Row }) {
  const userId = 'userId' in input ? input.userId : before?.userId;
  const teamId = 'teamId' in input ? input.teamId : before?.teamId;
  if (!userId && !teamId)
    throw invalid([fieldError('userId', 'quota_subject'), fieldError('teamId', 'quota_subject')]);
  const start = (input.periodStart ?? before?.periodStart) as string;
  const end = (input.periodEnd ?? before?.periodEnd) as string;
  if (end < start) throw invalid([fieldError('periodEnd', 'not_before', { other: 'periodStart' })]);
  return undefined;
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
  hooks: { beforeWrite: check },
});
