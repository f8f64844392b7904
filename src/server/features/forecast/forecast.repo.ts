import { type SQL, sql } from 'drizzle-orm';
import type { ForecastFigures } from '../../../core/analytics/model.ts';
import type { DbOrTx } from '../../db/client.ts';
import { uuidArray } from '../analytics/analytics.repo.ts';

export type SubmissionRow = {
  id: number;
  period: string;
  userId: string | null;
  teamId: string | null;
  subjectName: string | null;
  submittedBy: { id: string; name: string | null };
  systemAmount: number;
  adjustment: number;
  amount: number;
  note: string | null;
  createdAt: string;
};

type SubmissionDbRow = {
  id: string;
  period: string;
  user_id: string | null;
  team_id: string | null;
  subject_name: string | null;
  submitted_by: string;
  submitted_by_name: string | null;
  system_amount: number;
  adjustment: number;
  amount: number;
  note: string | null;
  created_at: string;
};

const toSubmission = (r: SubmissionDbRow): SubmissionRow => ({
  id: Number(r.id),
  period: r.period,
  userId: r.user_id,
  teamId: r.team_id,
  subjectName: r.subject_name,
  submittedBy: { id: r.submitted_by, name: r.submitted_by_name },
  systemAmount: r.system_amount,
  adjustment: r.adjustment,
  amount: r.amount,
  note: r.note,
  createdAt: r.created_at,
});

const submissionColumns = sql`fs.id, fs.period, fs.user_id, fs.team_id,
  coalesce(su.name, st.name) AS subject_name, fs.submitted_by, sb.name AS submitted_by_name,
  fs.system_amount::float8 AS system_amount, fs.adjustment::float8 AS adjustment, fs.amount::float8 AS amount,
  fs.note, to_char(fs.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;
const submissionJoins = sql`LEFT JOIN users su ON su.org_id = fs.org_id AND su.id = fs.user_id
  LEFT JOIN teams st ON st.org_id = fs.org_id AND st.id = fs.team_id
  LEFT JOIN users sb ON sb.org_id = fs.org_id AND sb.id = fs.submitted_by`;

/** Which submissions an actor sees: all, or those about people in scope, teams they manage, or by them. */
export function submissionVisible(
  actor: { userId: string; scopeUserIds: string[] | null },
  teamIds: string[] | null,
): SQL {
  if (!actor.scopeUserIds) return sql`true`;
  return sql`(fs.user_id = ANY(${uuidArray(actor.scopeUserIds)}) OR fs.team_id = ANY(${uuidArray(teamIds ?? [])})
    OR fs.submitted_by = ${actor.userId})`;
}

export async function insertSubmission(
  db: DbOrTx,
  s: {
    orgId: string;
    period: string;
    userId: string | null;
    teamId: string | null;
    submittedBy: string;
    systemAmount: number;
    adjustment: number;
    amount: number;
    note: string | null;
    at: string;
  },
): Promise<SubmissionRow> {
  const res = await db.execute<SubmissionDbRow>(sql`
    WITH fs AS (
      INSERT INTO forecast_submissions (org_id, period, user_id, team_id, submitted_by, system_amount, adjustment,
        amount, note, created_at)
      VALUES (${s.orgId}, ${s.period}, ${s.userId}, ${s.teamId}, ${s.submittedBy}, ${s.systemAmount}, ${s.adjustment},
        ${s.amount}, ${s.note}, ${s.at})
      RETURNING *
    ) SELECT ${submissionColumns} FROM fs ${submissionJoins}`);
  return toSubmission(res.rows[0]!);
}

export async function listSubmissionRows(
  db: DbOrTx,
  q: {
    orgId: string;
    visible: SQL;
    period?: string;
    userId?: string;
    teamId?: string;
    before?: number;
    limit: number;
  },
): Promise<SubmissionRow[]> {
  const conds: SQL[] = [sql`fs.org_id = ${q.orgId}`, q.visible];
  if (q.period) conds.push(sql`fs.period = ${q.period}`);
  if (q.userId) conds.push(sql`fs.user_id = ${q.userId}`);
  if (q.teamId) conds.push(sql`fs.team_id = ${q.teamId}`);
  if (q.before !== undefined) conds.push(sql`fs.id < ${q.before}`);
  const res = await db.execute<SubmissionDbRow>(sql`
    SELECT ${submissionColumns} FROM forecast_submissions fs ${submissionJoins}
     WHERE ${sql.join(conds, sql` AND `)}
     ORDER BY fs.id DESC LIMIT ${q.limit}`);
  return res.rows.map(toSubmission);
}

/** The latest call per subject (user or team) for a period. */
export async function latestSubmissions(
  db: DbOrTx,
  orgId: string,
  period: string,
  visible: SQL,
): Promise<SubmissionRow[]> {
  const res = await db.execute<SubmissionDbRow>(sql`
    SELECT DISTINCT ON (coalesce(fs.user_id, fs.team_id)) ${submissionColumns}
      FROM forecast_submissions fs ${submissionJoins}
     WHERE fs.org_id = ${orgId} AND fs.period = ${period} AND ${visible}
     ORDER BY coalesce(fs.user_id, fs.team_id), fs.id DESC`);
  return res.rows.map(toSubmission);
}

export async function stageProbabilities(db: DbOrTx, orgId: string, stageIds: string[]) {
  if (!stageIds.length) return new Map<string, number>();
  const res = await db.execute<{ id: string; probability: number }>(sql`
    SELECT id, probability FROM pipeline_stages WHERE org_id = ${orgId} AND id = ANY(${uuidArray(stageIds)})`);
  return new Map(res.rows.map((r) => [r.id, r.probability]));
}

export async function teamExists(db: DbOrTx, orgId: string, teamId: string): Promise<boolean> {
  const res = await db.execute(
    sql`SELECT 1 FROM teams WHERE org_id = ${orgId} AND id = ${teamId} AND deleted_at IS NULL`,
  );
  return res.rows.length > 0;
}

export async function snapshotWeekExists(db: DbOrTx, orgId: string, weekStart: string): Promise<boolean> {
  const res = await db.execute(
    sql`SELECT 1 FROM forecast_snapshots WHERE org_id = ${orgId} AND week_start = ${weekStart}::date LIMIT 1`,
  );
  return res.rows.length > 0;
}

export async function deleteSnapshotWeek(db: DbOrTx, orgId: string, weekStart: string): Promise<void> {
  await db.execute(
    sql`DELETE FROM forecast_snapshots WHERE org_id = ${orgId} AND week_start = ${weekStart}::date`,
  );
}

export async function insertSnapshotRows(
  db: DbOrTx,
  s: {
    orgId: string;
    weekStart: string;
    takenAt: string;
    rows: { period: string; ownerId: string; f: ForecastFigures }[];
  },
): Promise<void> {
  for (let i = 0; i < s.rows.length; i += 1000) {
    const chunk = s.rows.slice(i, i + 1000);
    const values = sql.join(
      chunk.map(
        (
          r,
        ) => sql`(${s.orgId}, ${s.weekStart}::date, ${r.period}, ${r.ownerId}, ${r.f.deals}, ${r.f.pipeline},
          ${r.f.bestCase}, ${r.f.commit}, ${r.f.closed}, ${r.f.weighted}, ${r.f.historical}, ${s.takenAt})`,
      ),
      sql`, `,
    );
    await db.execute(sql`INSERT INTO forecast_snapshots (org_id, week_start, period, owner_id, deals, pipeline,
      best_case, commit, closed, weighted, historical, taken_at) VALUES ${values}`);
  }
}

export type SnapshotAgg = ForecastFigures & { period: string; weekStart: string; takenAt: string };

/** Snapshot totals per period and week over the owners an actor sees. */
export async function snapshotTotals(
  db: DbOrTx,
  q: { orgId: string; userIds: string[] | null; periods: string[] },
): Promise<SnapshotAgg[]> {
  if (!q.periods.length) return [];
  const owners = q.userIds ? sql`AND owner_id = ANY(${uuidArray(q.userIds)})` : sql``;
  const res = await db.execute<SnapshotAgg>(sql`
    SELECT period, week_start::text AS "weekStart",
           to_char(max(taken_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "takenAt",
           sum(deals)::int AS deals, sum(pipeline)::float8 AS pipeline, sum(best_case)::float8 AS "bestCase",
           sum(commit)::float8 AS commit, sum(closed)::float8 AS closed, sum(weighted)::float8 AS weighted,
           sum(historical)::float8 AS historical
      FROM forecast_snapshots
     WHERE org_id = ${q.orgId} AND period = ANY(${`{${q.periods.join(',')}}`}::text[]) ${owners}
     GROUP BY 1, 2 ORDER BY 1, 2`);
  return res.rows;
}

export async function orgsWithoutSnapshot(db: DbOrTx, weekStart: string): Promise<string[]> {
  const res = await db.execute<{ id: string }>(sql`
    SELECT o.id FROM organizations o
     WHERE NOT EXISTS (SELECT 1 FROM forecast_snapshots s WHERE s.org_id = o.id AND s.week_start = ${weekStart}::date)`);
  return res.rows.map((r) => r.id);
}
