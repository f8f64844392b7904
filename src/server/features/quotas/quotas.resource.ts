import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { overlappingQuotas, type QuotaPeriod } from '../../../core/analytics/quota-overlap.ts';
import { fieldError } from '../../../core/field-errors.ts';
import type { Actor } from '../../auth/actor.ts';
import { defineResource, type Resource, type Row } from '../../crud/resource.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { quotas } from '../../db/schema/index.ts';
import {
  conflict,
  constraintFields,
  DomainError,
  domainErrorOf,
  invalid,
  pgErrorOf,
  problemSchema,
} from '../../http/errors.ts';
import { moneyField } from '../fields.ts';
import { type QuotaLine, quotasOverlapping } from './quotas.repo.ts';

/**
 * Quotas: an amount to win in a period of inclusive dates. With `userId`, the person's quota (`teamId`,
 * optional, is the team it counts toward in roll-ups; default the person's team). With only `teamId`, the
 * team's own quota, which replaces the sum of its members' in roll-ups. A person's or team's quotas do not
 * overlap in time. Admins set them; reps see their own (and their team's), managers those of their team
 * subtree.
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

/** The exclusion constraint of drizzle/0022_quota_no_overlap.sql, the backstop of the check below. */
const NO_OVERLAP = 'quotas_no_overlap';

/**
 * A subject's live quotas do not overlap in time (`quotasOverlap`, src/core: a Q4 quota and a December one
 * used to be added up for December in every roll-up). The 409 names the other quota — its id, period and
 * amount — so that the client can offer to edit that one instead: `duplicate_quota` on the subject when it
 * is for the very same period (the quota is being entered again), else `quota_overlap` on the dates.
 * Several may overlap a new period (a quarter over two months): the earliest is named.
 */
async function assertNoOtherQuota(
  tx: DbOrTx,
  actor: Actor,
  q: { id?: string; userId?: string | null; teamId?: string | null; start: string; end: string },
) {
  const overlapping = await quotasInTheWay(tx, actor.orgId, {
    id: q.id,
    userId: q.userId ?? null,
    teamId: q.teamId ?? null,
    periodStart: q.start,
    periodEnd: q.end,
  });
  const other = overlapping[0];
  if (!other) return;
  const who = q.userId ? 'user' : 'team';
  if (other.periodStart === q.start && other.periodEnd === q.end)
    throw conflict('duplicate_quota', `The ${who} already has a quota for ${q.start} to ${q.end}.`, {
      errors: [fieldError(q.userId ? 'userId' : 'teamId', 'quota_exists', { from: q.start, to: q.end })],
      ...naming(other),
    });
  const params = { from: other.periodStart, to: other.periodEnd, amount: other.amount };
  const more = overlapping.length > 1 ? ` (and ${overlapping.length - 1} more)` : '';
  throw conflict(
    'quota_overlap',
    `The ${who}'s quota for ${other.periodStart} to ${other.periodEnd} (amount ${other.amount})${more} overlaps ${q.start} to ${q.end}: a ${who}'s quotas must not overlap.`,
    {
      errors: [
        fieldError('periodStart', 'quota_overlaps', params),
        fieldError('periodEnd', 'quota_overlaps', params),
      ],
      ...naming(other),
    },
  );
}

/**
 * The subject's live quotas a quota may not stand beside, earliest period first: those the database finds
 * overlapping its period (a handful per person or team), held to the shared rule (its own row excluded).
 */
async function quotasInTheWay(db: DbOrTx, orgId: string, quota: QuotaPeriod & { id?: string }) {
  const period = { start: quota.periodStart, end: quota.periodEnd };
  return overlappingQuotas(quota, await quotasOverlapping(db, orgId, period, quota));
}

/** How a 409 names the other quota, for the client to offer editing that one instead. */
const naming = (other: QuotaLine) => ({
  existingId: other.id,
  existing: {
    id: other.id,
    periodStart: other.periodStart,
    periodEnd: other.periodEnd,
    amount: other.amount,
  },
});

// A write that races past the check (or a restore, which the check does not see) meets the constraint:
// the same code, on the period. Registered here as defineResource registers the foreign keys and indexes
// drizzle knows: drizzle cannot declare an exclusion constraint.
constraintFields.set(NO_OVERLAP, {
  field: 'periodStart',
  fields: ['periodStart', 'periodEnd'],
  conflict: {
    code: 'quota_overlap',
    detail:
      "The period overlaps another quota of the same person or team: a subject's quotas must not overlap.",
  },
});

/**
 * The constraint's error does not say which quota is in the way. Once the refused write's transaction has
 * rolled back (the other write has committed by then: the constraint waited for it), the subject's live quota
 * overlapping the period is read and named on the constraint's 409 as the check names it, so that the client
 * can offer to edit it here too. If none is found (deleted meanwhile), the 409 stays as it is.
 */
async function nameTheOther(ctx: { db: Db; actor: Actor; err: unknown; attempted: Row }) {
  const { db, actor, err, attempted } = ctx;
  const refusal = pgErrorOf(err)?.constraint === NO_OVERLAP ? domainErrorOf(err) : undefined;
  if (!refusal) return undefined;
  const [other] = await quotasInTheWay(db, actor.orgId, {
    id: attempted.id as string | undefined,
    userId: (attempted.userId as string | null | undefined) ?? null,
    teamId: (attempted.teamId as string | null | undefined) ?? null,
    periodStart: attempted.periodStart as string,
    periodEnd: attempted.periodEnd as string,
  });
  if (!other) return undefined;
  return new DomainError(refusal.status, refusal.code, refusal.message, {
    ...refusal.extra,
    ...naming(other),
  });
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
  writeConflict: problemSchema
    .extend({
      existingId: z
        .uuid()
        .optional()
        .describe(
          'The quota of the same person or team whose period is the same (`duplicate_quota`) or overlaps (`quota_overlap`)',
        ),
      existing: z
        .object({ id: z.uuid(), periodStart: z.iso.date(), periodEnd: z.iso.date(), amount: z.number() })
        .optional()
        .describe('That quota: its period and amount'),
    })
    .meta({ id: 'QuotaConflict' }),
  hooks: { beforeWrite: check, afterRefused: nameTheOther },
});
