import type pg from 'pg';
import type { ImportEntity } from '../../../core/import/mapping.ts';
import { type Problem, type ProblemCode, problem } from '../../../core/import/problems.ts';
import { copyRows } from './copy.ts';

/**
 * How each entity's rows reach its table, set-based: a batch is COPYed into a session-local staging
 * table, matched to existing records (external id; users also by e-mail; a name match the validator found),
 * then one UPDATE for the matched rows that differ and one INSERT … SELECT for the new ones. Entity steps
 * follow (a deal's stage periods, line items and history).
 */
export type Col = {
  col: string;
  /** Key in the validated record. */
  key: string;
  type: string;
  /** Mapped fields that make an update set this column (default: the field of `key`). */
  when?: readonly string[];
  /** SQL for the inserted value (default `s.<col>`). */
  insert?: string;
};

export type Period = {
  stageId: string;
  enteredAt: string;
  leftAt: string | null;
  fromStageId: string | null;
};

/** One validated row ready for the database. */
export type Prepared = {
  row: number;
  id: string;
  record: Record<string, unknown>;
  /** An existing record the validator matched by name (teams; users without e-mail). */
  nameTarget: string | null;
  periods?: Period[];
};

type EntityWriter = {
  table: string;
  cols: Col[];
  /** Staging-only columns (not written to the table). */
  extra?: Col[];
  matchEmail?: boolean;
  /** Rows' created_at is a column of the table (historical dates). */
  createdAt?: boolean;
  after?: (b: BatchContext) => Promise<void>;
};

export type BatchContext = {
  q: (text: string, params?: unknown[]) => Promise<pg.QueryResult>;
  orgId: string;
  actorId: string | null;
  mapped: ReadonlySet<string>;
};

const c = (col: string, key: string, type: string, more: Partial<Col> = {}): Col => ({
  col,
  key,
  type,
  ...more,
});
const ext = c('external_id', 'externalId', 'text');

export const WRITERS: Record<ImportEntity, EntityWriter> = {
  users: {
    table: 'users',
    matchEmail: true,
    cols: [
      c('name', 'name', 'text'),
      c('email', 'email', 'text'),
      c('role', 'role', 'user_role', { insert: "coalesce(s.role, 'rep')" }),
      c('team_id', 'teamId', 'uuid', { when: ['team', 'manager', 'region'] }),
      c('locale', 'locale', 'locale', { insert: "coalesce(s.locale, 'en')" }),
      ext,
    ],
    extra: [c('manager_id', 'managerId', 'uuid')],
  },
  teams: {
    table: 'teams',
    cols: [
      c('name', 'name', 'text'),
      c('manager_id', 'managerId', 'uuid'),
      c('parent_id', 'parentId', 'uuid'),
      ext,
    ],
  },
  accounts: {
    table: 'accounts',
    createdAt: true,
    cols: [
      c('name', 'name', 'text'),
      c('name_key', 'nameKey', 'text', { when: ['name'] }),
      c('owner_id', 'ownerId', 'uuid'),
      c('industry', 'industry', 'text'),
      c('size', 'size', 'company_size'),
      c('website', 'website', 'text'),
      c('tier', 'tier', 'account_tier', { insert: "coalesce(s.tier, 'standard')" }),
      c('parent_id', 'parentId', 'uuid'),
      c('created_at', 'createdAt', 'timestamptz'),
      ext,
    ],
  },
  contacts: {
    table: 'contacts',
    createdAt: true,
    cols: [
      c('name', 'name', 'text'),
      c('account_id', 'accountId', 'uuid'),
      c('owner_id', 'ownerId', 'uuid'),
      c('title', 'title', 'text'),
      c('department', 'department', 'text'),
      c('email', 'email', 'text'),
      c('phone', 'phone', 'text'),
      c('created_at', 'createdAt', 'timestamptz'),
      ext,
    ],
  },
  products: {
    table: 'products',
    cols: [
      c('name', 'name', 'text'),
      c('family', 'family', 'text'),
      c('list_price', 'listPrice', 'numeric', { insert: 'coalesce(s.list_price, 0)' }),
      c('currency', 'currency', 'text', { when: ['currency', 'listPrice'] }),
      c('active', 'active', 'boolean', { insert: 'coalesce(s.active, true)' }),
      ext,
    ],
  },
  opportunities: {
    table: 'opportunities',
    createdAt: true,
    cols: [
      c('name', 'name', 'text'),
      c('account_id', 'accountId', 'uuid'),
      c('owner_id', 'ownerId', 'uuid'),
      c('amount', 'amount', 'numeric', { when: ['amount', 'product'] }),
      c('currency', 'currency', 'text', { when: ['currency', 'amount'] }),
      c('expected_close_date', 'expectedCloseDate', 'date', { when: ['expectedCloseDate', 'closedAt'] }),
      c('status', 'status', 'opportunity_status'),
      c('close_reason', 'closeReason', 'text'),
      c('closed_at', 'closedAt', 'date', { when: ['closedAt', 'status', 'expectedCloseDate'] }),
      c('forecast_category', 'forecastCategory', 'forecast_category', {
        when: ['forecastCategory', 'status'],
      }),
      c('next_step', 'nextStep', 'text'),
      c('competitor', 'competitor', 'text'),
      c('key_need', 'keyNeed', 'text'),
      c('pipeline_id', 'pipelineId', 'uuid', { when: ['pipeline', 'stage'] }),
      c('stage_id', 'stageId', 'uuid', { when: ['pipeline', 'stage'] }),
      c('created_at', 'createdAt', 'timestamptz'),
      ext,
    ],
    extra: [c('product_id', 'productId', 'uuid')],
    after: opportunitySteps,
  },
  activities: {
    table: 'activities',
    cols: [
      c('type', 'type', 'activity_type'),
      c('status', 'status', 'activity_status', {
        insert: "coalesce(s.status, 'planned')",
        when: ['status', 'startAt'],
      }),
      c('subject', 'subject', 'text'),
      c('start_at', 'startAt', 'timestamptz'),
      c('duration_minutes', 'durationMinutes', 'integer'),
      c('goal', 'goal', 'text'),
      c('outcome', 'outcome', 'text'),
      c('notes', 'notes', 'text'),
      c('owner_id', 'ownerId', 'uuid'),
      c('account_id', 'accountId', 'uuid'),
      c('opportunity_id', 'opportunityId', 'uuid'),
      ext,
    ],
  },
};

/** The field a record key comes from: `ownerId` ← owner, `name` ← name. */
const fieldOf = (key: string) => (key.endsWith('Id') && key !== 'externalId' ? key.slice(0, -2) : key);

/** Creates the session's staging tables for an entity (once per import connection). */
export async function createStaging(client: pg.ClientBase, entity: ImportEntity): Promise<void> {
  const w = WRITERS[entity];
  const cols = [...w.cols, ...(w.extra ?? [])].map((x) => `${x.col} ${x.type}`).join(', ');
  await client.query(`DROP TABLE IF EXISTS imp_stage, imp_done, imp_periods, imp_old`);
  await client.query(
    `CREATE TEMP TABLE imp_stage (row_no int NOT NULL, id uuid NOT NULL, name_target uuid, target uuid,
       deleted boolean NOT NULL DEFAULT false, error text, ${cols})`,
  );
  await client.query('CREATE TEMP TABLE imp_done (id uuid NOT NULL, kind char NOT NULL)');
  await client.query(
    `CREATE TEMP TABLE imp_periods (row_no int NOT NULL, stage_id uuid NOT NULL, entered_at timestamptz NOT NULL,
       left_at timestamptz, from_stage_id uuid)`,
  );
  await client.query(`CREATE TEMP TABLE imp_old AS SELECT * FROM ${w.table} LIMIT 0`);
}

export type BatchResult = {
  inserted: number;
  updated: number;
  unchanged: number;
  errors: { row: number; problem: Problem }[];
};

/** Writes a batch of validated rows in the caller's transaction. Throws on a database error. */
export async function writeRows(
  client: pg.ClientBase,
  entity: ImportEntity,
  ctx: Omit<BatchContext, 'q'>,
  rows: readonly Prepared[],
): Promise<BatchResult> {
  const w = WRITERS[entity];
  const q = (text: string, params?: unknown[]) => client.query(text, params);
  const b: BatchContext = { ...ctx, q };
  const all = [...w.cols, ...(w.extra ?? [])];
  await q('TRUNCATE imp_stage, imp_done, imp_periods, imp_old');
  await copyRows(
    client,
    'imp_stage',
    ['row_no', 'id', 'name_target', ...all.map((x) => x.col)],
    rows.map((r) => [r.row, r.id, r.nameTarget, ...all.map((x) => r.record[x.key])]),
  );
  if (rows.some((r) => r.periods?.length))
    await copyRows(
      client,
      'imp_periods',
      ['row_no', 'stage_id', 'entered_at', 'left_at', 'from_stage_id'],
      rows.flatMap((r) =>
        (r.periods ?? []).map((p) => [r.row, p.stageId, p.enteredAt, p.leftAt, p.fromStageId]),
      ),
    );
  const org = [ctx.orgId];
  const t = w.table;
  if (w.cols.some((x) => x.col === 'external_id') && ctx.mapped.has('externalId'))
    await q(
      `UPDATE imp_stage s SET target = t.id, deleted = t.deleted_at IS NOT NULL FROM ${t} t
        WHERE t.org_id = $1 AND s.external_id IS NOT NULL AND t.external_id = s.external_id`,
      org,
    );
  if (w.matchEmail)
    await q(
      `UPDATE imp_stage s SET target = t.id, deleted = t.deleted_at IS NOT NULL FROM ${t} t
        WHERE s.target IS NULL AND s.email IS NOT NULL AND t.org_id = $1 AND lower(t.email) = s.email`,
      org,
    );
  await q('UPDATE imp_stage SET target = name_target WHERE target IS NULL AND name_target IS NOT NULL');
  await q(`UPDATE imp_stage SET error = $1 WHERE deleted`, [
    ctx.mapped.has('externalId') ? 'deletedExternalId' : 'deletedEmail',
  ] satisfies ProblemCode[]);
  if (t === 'opportunities') await refuseRetiredStages(b);
  const matched = (
    await q(
      'SELECT count(*)::int AS n FROM imp_stage WHERE target IS NOT NULL AND NOT deleted AND error IS NULL',
    )
  ).rows[0].n as number;

  // Updates: only the columns the mapping provides, only rows that differ.
  const updatable = w.cols.filter(
    (x) => x.col !== 'external_id' && (x.when ?? [fieldOf(x.key)]).some((f) => ctx.mapped.has(f)),
  );
  if (matched && updatable.length) {
    if (w.after)
      await q(
        `INSERT INTO imp_old SELECT t.* FROM ${t} t JOIN imp_stage s ON t.id = s.target WHERE t.org_id = $1`,
        org,
      );
    const set = updatable.map((x) => `${x.col} = s.${x.col}`).join(', ');
    const cur = updatable.map((x) => `t.${x.col}`).join(', ');
    const next = updatable.map((x) => `s.${x.col}`).join(', ');
    await q(
      `WITH upd AS (
         UPDATE ${t} t SET ${set}, version = t.version + 1, updated_at = now(), updated_by = $2
           FROM imp_stage s
          WHERE t.org_id = $1 AND t.id = s.target AND NOT s.deleted AND s.error IS NULL
            AND (${cur}) IS DISTINCT FROM (${next})
         RETURNING t.id)
       INSERT INTO imp_done (id, kind) SELECT id, 'u' FROM upd`,
      [ctx.orgId, ctx.actorId],
    );
  }
  const cols = w.cols.map((x) => x.col);
  const values = w.cols.map((x) =>
    x.col === 'created_at' ? 'coalesce(s.created_at, now())' : (x.insert ?? `s.${x.col}`),
  );
  await q(
    `WITH ins AS (
       INSERT INTO ${t} (id, org_id, ${cols.join(', ')}, updated_by${w.createdAt ? ', updated_at' : ''})
       SELECT s.id, $1, ${values.join(', ')}, $2${w.createdAt ? ', now()' : ''}
         FROM imp_stage s WHERE s.target IS NULL AND s.error IS NULL
        ORDER BY s.row_no
       RETURNING id)
     INSERT INTO imp_done (id, kind) SELECT id, 'i' FROM ins`,
    [ctx.orgId, ctx.actorId],
  );
  if (w.after) await w.after(b);
  const counts = (
    await q(
      `SELECT count(*) FILTER (WHERE kind = 'i')::int AS i, count(*) FILTER (WHERE kind = 'u')::int AS u FROM imp_done`,
    )
  ).rows[0] as { i: number; u: number };
  const errors = (
    await q('SELECT row_no, error FROM imp_stage WHERE error IS NOT NULL ORDER BY row_no')
  ).rows.map((r: { row_no: number; error: ProblemCode }) => ({ row: r.row_no, problem: problem(r.error) }));
  return { inserted: counts.i, updated: counts.u, unchanged: matched - counts.u, errors };
}

/**
 * Open deals into a stage retired since the import read the stages (the validator refused those retired
 * before) are refused by the batch. The batch's stages are locked FOR KEY SHARE first, as a create or move
 * locks its target stage: a retirement (which locks the stages FOR UPDATE and then counts their open deals)
 * either waits for this batch to commit and then counts its deals, or commits first and is seen here.
 * An existing deal already in the retired stage it names stays there (as a PATCH leaving its stage may):
 * it is locked as a move locks it, so it cannot leave the stage before this batch commits and then be put
 * back by the batch's update.
 */
async function refuseRetiredStages(b: BatchContext): Promise<void> {
  const retired = (
    await b.q(
      `SELECT id, retired_at IS NOT NULL AS retired FROM pipeline_stages
        WHERE org_id = $1 AND id IN (SELECT stage_id FROM imp_stage WHERE status = 'open' AND stage_id IS NOT NULL)
        ORDER BY id FOR KEY SHARE`,
      [b.orgId],
    )
  ).rows
    .filter((r: { retired: boolean }) => r.retired)
    .map((r: { id: string }) => r.id);
  if (!retired.length) return;
  await b.q(
    `SELECT o.id FROM opportunities o JOIN imp_stage s ON s.target = o.id
      WHERE o.org_id = $1 AND s.error IS NULL AND s.status = 'open' AND s.stage_id = ANY($2::uuid[])
      ORDER BY o.id FOR NO KEY UPDATE OF o`,
    [b.orgId, retired],
  );
  // A new statement: it sees the stages the locked deals are in now.
  await b.q(
    `UPDATE imp_stage s SET error = $3
      WHERE s.error IS NULL AND s.status = 'open' AND s.stage_id = ANY($2::uuid[])
        AND NOT EXISTS (SELECT 1 FROM opportunities o
                         WHERE o.org_id = $1 AND o.id = s.target AND o.stage_id = s.stage_id
                           AND o.status = 'open' AND o.deleted_at IS NULL)`,
    [b.orgId, retired, 'stageRetiredMeanwhile' satisfies ProblemCode],
  );
}

/**
 * A deal's process trail. New deals get the stage periods the validator derived from the file's dates
 * (created → stage entered → closed), a line item for the product, and history rows for their creation,
 * stage change and close, dated when those happened. Updated deals get a history row per changed field;
 * when their stage, status or dates changed, periods that only the import wrote are derived again from
 * the file, and periods of deals worked in Winpath since are continued as a live change would.
 */
async function opportunitySteps(b: BatchContext): Promise<void> {
  const { q } = b;
  const org = [b.orgId];
  await q(
    `INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, entered_by, from_stage_id, reason)
     SELECT $1::uuid, s.id, s.pipeline_id, p.stage_id, p.entered_at, p.left_at, s.owner_id, p.from_stage_id, 'imported'
       FROM imp_done d JOIN imp_stage s ON s.id = d.id JOIN imp_periods p ON p.row_no = s.row_no
      WHERE d.kind = 'i'`,
    org,
  );
  if (b.mapped.has('product'))
    await q(
      `INSERT INTO opportunity_line_items (org_id, opportunity_id, product_id, quantity, unit_price)
       SELECT $1::uuid, s.id, s.product_id, 1, s.amount FROM imp_done d JOIN imp_stage s ON s.id = d.id
        WHERE d.kind = 'i' AND s.product_id IS NOT NULL`,
      org,
    );
  await q(
    `INSERT INTO opportunity_history (org_id, opportunity_id, actor_id, at, field, old_value, new_value)
     SELECT $1::uuid, s.id, $2::uuid, s.created_at, 'created', NULL, to_jsonb(s.name)
       FROM imp_done d JOIN imp_stage s ON s.id = d.id WHERE d.kind = 'i'
     UNION ALL
     SELECT $1::uuid, s.id, $2::uuid, p.entered_at, 'stageId', to_jsonb(p.from_stage_id::text), to_jsonb(p.stage_id::text)
       FROM imp_done d JOIN imp_stage s ON s.id = d.id JOIN imp_periods p ON p.row_no = s.row_no
      WHERE d.kind = 'i' AND p.from_stage_id IS NOT NULL
     UNION ALL
     SELECT $1::uuid, s.id, $2::uuid, greatest(s.closed_at::timestamp AT TIME ZONE 'UTC', s.created_at), 'status', to_jsonb('open'::text), to_jsonb(s.status)
       FROM imp_done d JOIN imp_stage s ON s.id = d.id WHERE d.kind = 'i' AND s.status <> 'open'`,
    [b.orgId, b.actorId],
  );

  // Updated deals.
  const updated = (await q(`SELECT count(*)::int AS n FROM imp_done WHERE kind = 'u'`)).rows[0].n as number;
  if (!updated) return;
  await q(
    `INSERT INTO opportunity_history (org_id, opportunity_id, actor_id, at, field, old_value, new_value)
     SELECT $1::uuid, n.id, $2::uuid, now(), f.field, f.old, f.new
       FROM imp_done d JOIN imp_old o ON o.id = d.id JOIN opportunities n ON n.id = d.id
      CROSS JOIN LATERAL (VALUES
        ('name', to_jsonb(o.name), to_jsonb(n.name)), ('accountId', to_jsonb(o.account_id), to_jsonb(n.account_id)),
        ('ownerId', to_jsonb(o.owner_id), to_jsonb(n.owner_id)), ('amount', to_jsonb(o.amount::float8), to_jsonb(n.amount::float8)),
        ('currency', to_jsonb(o.currency), to_jsonb(n.currency)),
        ('expectedCloseDate', to_jsonb(o.expected_close_date), to_jsonb(n.expected_close_date)),
        ('status', to_jsonb(o.status), to_jsonb(n.status)), ('closeReason', to_jsonb(o.close_reason), to_jsonb(n.close_reason)),
        ('closedAt', to_jsonb(o.closed_at), to_jsonb(n.closed_at)),
        ('forecastCategory', to_jsonb(o.forecast_category), to_jsonb(n.forecast_category)),
        ('nextStep', to_jsonb(o.next_step), to_jsonb(n.next_step)), ('competitor', to_jsonb(o.competitor), to_jsonb(n.competitor)),
        ('keyNeed', to_jsonb(o.key_need), to_jsonb(n.key_need)), ('pipelineId', to_jsonb(o.pipeline_id), to_jsonb(n.pipeline_id)),
        ('stageId', to_jsonb(o.stage_id::text), to_jsonb(n.stage_id::text)), ('createdAt', to_jsonb(o.created_at), to_jsonb(n.created_at))
      ) AS f(field, old, new)
      WHERE d.kind = 'u' AND n.org_id = $1 AND f.old IS DISTINCT FROM f.new`,
    [b.orgId, b.actorId],
  );
  // Deals whose trail changed: derived again when only imports wrote it, else continued live.
  await q(
    `CREATE TEMP TABLE IF NOT EXISTS imp_trail (id uuid, pipeline_id uuid, old_stage uuid, new_stage uuid,
       old_status opportunity_status, new_status opportunity_status, owner_id uuid, only_imported boolean)`,
  );
  await q('TRUNCATE imp_trail');
  await q(
    `INSERT INTO imp_trail
     SELECT n.id, n.pipeline_id, o.stage_id, n.stage_id, o.status, n.status, n.owner_id,
            NOT EXISTS (SELECT 1 FROM stage_periods sp WHERE sp.org_id = $1 AND sp.opportunity_id = n.id
                         AND sp.reason IS DISTINCT FROM 'imported')
       FROM imp_done d JOIN imp_old o ON o.id = d.id JOIN opportunities n ON n.id = d.id
      WHERE d.kind = 'u' AND n.org_id = $1
        AND (o.stage_id, o.pipeline_id, o.status, o.created_at, o.closed_at)
            IS DISTINCT FROM (n.stage_id, n.pipeline_id, n.status, n.created_at, n.closed_at)`,
    org,
  );
  await q(
    `DELETE FROM stage_periods sp USING imp_trail x WHERE sp.org_id = $1 AND sp.opportunity_id = x.id AND x.only_imported`,
    org,
  );
  await q(
    `INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, entered_by, from_stage_id, reason)
     SELECT $1::uuid, x.id, x.pipeline_id, p.stage_id, p.entered_at, p.left_at, x.owner_id, p.from_stage_id, 'imported'
       FROM imp_trail x JOIN imp_stage s ON s.target = x.id JOIN imp_periods p ON p.row_no = s.row_no
      WHERE x.only_imported`,
    org,
  );
  await q(
    `UPDATE stage_periods sp SET left_at = greatest(now(), sp.entered_at) FROM imp_trail x
      WHERE sp.org_id = $1 AND sp.opportunity_id = x.id AND sp.left_at IS NULL AND NOT x.only_imported
        AND (x.old_stage <> x.new_stage OR x.new_status <> 'open')`,
    org,
  );
  await q(
    `INSERT INTO stage_periods (org_id, opportunity_id, pipeline_id, stage_id, entered_at, left_at, entered_by, from_stage_id, reason)
     SELECT $1::uuid, x.id, x.pipeline_id, x.new_stage, now(), CASE WHEN x.new_status <> 'open' THEN now() END, $2::uuid, x.old_stage, 'import'
       FROM imp_trail x
      WHERE NOT x.only_imported AND (x.old_stage <> x.new_stage OR (x.old_status <> 'open' AND x.new_status = 'open'))`,
    [b.orgId, b.actorId],
  );
  if (b.mapped.has('product')) {
    await q(
      `DELETE FROM opportunity_line_items li USING imp_done d WHERE li.org_id = $1 AND li.opportunity_id = d.id AND d.kind = 'u'`,
      org,
    );
    await q(
      `INSERT INTO opportunity_line_items (org_id, opportunity_id, product_id, quantity, unit_price)
       SELECT $1::uuid, d.id, s.product_id, 1, s.amount FROM imp_done d JOIN imp_stage s ON s.target = d.id
        WHERE d.kind = 'u' AND s.product_id IS NOT NULL`,
      org,
    );
  }
}
