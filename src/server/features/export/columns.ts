import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { CellKind } from '../../../core/csv-write.ts';
import { ENUM_LABELS, type EnumName, type ExportLang } from '../../../core/export-labels.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Resource } from '../../crud/resource.ts';
import { accountVisible, contactVisible, opportunityVisible } from '../../crud/visibility.ts';

/**
 * The columns of each export: what a person opening the file in a spreadsheet needs, so references come
 * with the referenced record's name (and a person's e-mail) beside its id, a deal carries its pipeline,
 * stage and products, and coded values are written as labels in the file's language (or as codes). Every
 * value is turned into text by PostgreSQL (ISO dates, UTC timestamps with milliseconds, numerics with their
 * scale), so the writer only escapes.
 *
 * A name beside an id is shown only when the actor may see the referenced record (the same visibility as
 * everywhere else); the id itself is the row's own column, exactly as the JSON list returns it.
 */

export type ValueStyle = 'labels' | 'codes';
export type ExportContext = { actor: Actor; lang: ExportLang; values: ValueStyle };

type Kind = 'text' | 'number' | 'date' | 'timestamp' | 'boolean' | { enum: EnumName };

export type ExportColumn = { key: string; en: string; zh: string; kind: Kind; expr: SQL };

/** The columns and the joins they need, for one context. */
export type ExportShape = { columns: ExportColumn[]; joins: SQL[] };

export type ExportSource = {
  /** Resource (URL segment) or bundle file name without `.csv`. */
  name: string;
  /** What the file holds, for its name: `客户-2026-03-01.csv`. */
  title: { en: string; zh: string };
  /** The table rows come from; column expressions refer to it by this name. */
  table: string;
  shape: (ctx: ExportContext) => ExportShape;
};

const raw = sql.raw;
const c = (key: string, en: string, zh: string, kind: Kind, expr: SQL | string): ExportColumn => ({
  key,
  en,
  zh,
  kind,
  expr: typeof expr === 'string' ? raw(expr) : expr,
});

const audit = (t: string) => [
  c('createdAt', 'Created', '创建时间', 'timestamp', `"${t}".created_at`),
  c('updatedAt', 'Updated', '更新时间', 'timestamp', `"${t}".updated_at`),
];

type RefOptions = {
  /** The row's table and its foreign-key column. */
  t: string;
  fk: string;
  /** The referenced table, the join's alias and the column to show. */
  table: string;
  alias: string;
  /** The referenced row's column to show (default `name`), or an expression built from the alias. */
  show?: string | ((alias: string) => string);
  key: string;
  en: string;
  zh: string;
  /** Add the referenced user's e-mail. */
  email?: boolean;
  /** Show the name only when this holds for the referenced row (undefined: always). */
  visible?: SQL | undefined;
};

/** A reference: its name (and e-mail for people) beside the id, with the join that finds it. */
function ref(o: RefOptions): ExportShape {
  const a = o.alias;
  const on = sql`${raw(`${a}.org_id = "${o.t}".org_id AND ${a}.id = "${o.t}".${o.fk}`)}`;
  const join = o.visible
    ? sql`LEFT JOIN ${raw(o.table)} ${raw(a)} ON ${on} AND ${o.visible}`
    : sql`LEFT JOIN ${raw(o.table)} ${raw(a)} ON ${on}`;
  const name = typeof o.show === 'function' ? o.show(a) : `${a}.${o.show ?? 'name'}`;
  const columns = [c(o.key, o.en, o.zh, 'text', name)];
  if (o.email) columns.push(c(`${o.key}Email`, `${o.en} e-mail`, `${o.zh}邮箱`, 'text', `${a}.email`));
  columns.push(c(`${o.key}Id`, `${o.en} ID`, `${o.zh} ID`, 'text', `"${o.t}".${o.fk}`));
  return { columns, joins: [join] };
}

const owner = (t: string, fk = 'owner_id', key = 'owner', en = 'Owner', zh = '负责人') =>
  ref({ t, fk, table: 'users', alias: `j_${key}`, key, en, zh, email: true });

/** Builds a shape from plain columns and references, keeping the order given. */
function shape(...parts: (ExportColumn | ExportShape)[]): ExportShape {
  const out: ExportShape = { columns: [], joins: [] };
  for (const p of parts)
    if ('columns' in p) {
      out.columns.push(...p.columns);
      out.joins.push(...p.joins);
    } else out.columns.push(p);
  return out;
}

const stageName = (alias: string, lang: ExportLang) => `${alias}.${lang === 'zh-CN' ? 'name_zh' : 'name_en'}`;

/** A pipeline's name in the file's language: its Chinese name in zh-CN files when it has one, as on screen. */
const pipelineName = (alias: string, lang: ExportLang) =>
  lang === 'zh-CN' ? `coalesce(nullif(${alias}.name_zh, ''), ${alias}.name)` : `${alias}.name`;

/** The pipeline a row belongs to, named in the file's language, beside its id. */
const pipelineRef = (t: string, lang: ExportLang) =>
  ref({
    t,
    fk: 'pipeline_id',
    table: 'pipelines',
    alias: 'j_pipeline',
    show: (a) => pipelineName(a, lang),
    key: 'pipeline',
    en: 'Pipeline',
    zh: '销售流程',
  });

export const SOURCES: Record<string, ExportSource> = {
  accounts: {
    name: 'accounts',
    title: { en: 'accounts', zh: '客户' },
    table: 'accounts',
    shape: ({ actor }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"accounts".id'),
        c('name', 'Name', '名称', 'text', '"accounts".name'),
        c('industry', 'Industry', '行业', 'text', '"accounts".industry'),
        c('size', 'Company size', '企业规模', { enum: 'size' }, '"accounts".size'),
        c('tier', 'Tier', '客户等级', { enum: 'tier' }, '"accounts".tier'),
        c('website', 'Website', '网站', 'text', '"accounts".website'),
        ref({
          t: 'accounts',
          fk: 'parent_id',
          table: 'accounts',
          alias: 'j_parent',
          key: 'parent',
          en: 'Parent account',
          zh: '上级客户',
          visible: accountVisible(actor, 'j_parent'),
        }),
        owner('accounts'),
        c('externalId', 'External ID', '外部 ID', 'text', '"accounts".external_id'),
        ...audit('accounts'),
      ),
  },
  contacts: {
    name: 'contacts',
    title: { en: 'contacts', zh: '联系人' },
    table: 'contacts',
    shape: ({ actor }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"contacts".id'),
        c('name', 'Name', '姓名', 'text', '"contacts".name'),
        c('title', 'Job title', '职位', 'text', '"contacts".title'),
        c('department', 'Department', '部门', 'text', '"contacts".department'),
        c('email', 'E-mail', '邮箱', 'text', '"contacts".email'),
        c('phone', 'Phone', '电话', 'text', '"contacts".phone'),
        ref({
          t: 'contacts',
          fk: 'account_id',
          table: 'accounts',
          alias: 'j_account',
          key: 'account',
          en: 'Account',
          zh: '客户',
          visible: accountVisible(actor, 'j_account'),
        }),
        owner('contacts'),
        c('externalId', 'External ID', '外部 ID', 'text', '"contacts".external_id'),
        ...audit('contacts'),
      ),
  },
  opportunities: {
    name: 'opportunities',
    title: { en: 'opportunities', zh: '商机' },
    table: 'opportunities',
    shape: ({ actor, lang }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"opportunities".id'),
        c('name', 'Name', '名称', 'text', '"opportunities".name'),
        ref({
          t: 'opportunities',
          fk: 'account_id',
          table: 'accounts',
          alias: 'j_account',
          key: 'account',
          en: 'Account',
          zh: '客户',
          visible: accountVisible(actor, 'j_account'),
        }),
        c('amount', 'Amount', '金额', 'number', '"opportunities".amount'),
        c('currency', 'Currency', '币种', 'text', '"opportunities".currency'),
        c('status', 'Status', '状态', { enum: 'status' }, '"opportunities".status'),
        pipelineRef('opportunities', lang),
        ref({
          t: 'opportunities',
          fk: 'stage_id',
          table: 'pipeline_stages',
          alias: 'j_stage',
          show: lang === 'zh-CN' ? 'name_zh' : 'name_en',
          key: 'stage',
          en: 'Stage',
          zh: '阶段',
        }),
        c('stageProbability', 'Stage probability (%)', '阶段赢率 (%)', 'number', 'j_stage.probability'),
        c(
          'forecastCategory',
          'Forecast category',
          '预测类别',
          { enum: 'forecast' },
          '"opportunities".forecast_category',
        ),
        c(
          'expectedCloseDate',
          'Expected close date',
          '预计成交日期',
          'date',
          '"opportunities".expected_close_date',
        ),
        c('closedAt', 'Closed on', '结案日期', 'date', '"opportunities".closed_at'),
        c('closeReason', 'Close reason', '赢单 / 输单原因', 'text', '"opportunities".close_reason'),
        c('nextStep', 'Next step', '下一步', 'text', '"opportunities".next_step'),
        c('buyerStep', 'Buyer step', '客户采购步骤', 'number', '"opportunities".buyer_step'),
        c('keyNeed', 'Key need', '关键需求', 'text', '"opportunities".key_need'),
        c('competitor', 'Main competitor', '主要竞争对手', 'text', '"opportunities".competitor'),
        c(
          'products',
          'Products',
          '产品',
          'text',
          `(SELECT string_agg(p.name || ' × ' || trim_scale(li.quantity)::text || ' @ ' || li.unit_price::text, '; '
              ORDER BY li.id)
             FROM opportunity_line_items li JOIN products p ON p.org_id = li.org_id AND p.id = li.product_id
            WHERE li.org_id = "opportunities".org_id AND li.opportunity_id = "opportunities".id)`,
        ),
        owner('opportunities'),
        c('externalId', 'External ID', '外部 ID', 'text', '"opportunities".external_id'),
        ...audit('opportunities'),
      ),
  },
  activities: {
    name: 'activities',
    title: { en: 'activities', zh: '活动' },
    table: 'activities',
    shape: ({ actor }) => {
      const contactVis = contactVisible(actor, 'pc');
      return shape(
        c('id', 'ID', 'ID', 'text', '"activities".id'),
        c('type', 'Type', '类型', { enum: 'activityType' }, '"activities".type'),
        c('status', 'Status', '状态', { enum: 'activityStatus' }, '"activities".status'),
        c('subject', 'Subject', '主题', 'text', '"activities".subject'),
        c('startAt', 'Date and time', '日期和时间', 'timestamp', '"activities".start_at'),
        c('durationMinutes', 'Duration (minutes)', '时长（分钟）', 'number', '"activities".duration_minutes'),
        c('goal', 'Goal', '目标', 'text', '"activities".goal'),
        c('outcome', 'Outcome', '结果', 'text', '"activities".outcome'),
        c('notes', 'Notes', '备注', 'text', '"activities".notes'),
        ref({
          t: 'activities',
          fk: 'account_id',
          table: 'accounts',
          alias: 'j_account',
          key: 'account',
          en: 'Account',
          zh: '客户',
          visible: accountVisible(actor, 'j_account'),
        }),
        ref({
          t: 'activities',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
          visible: opportunityVisible(actor, 'j_opportunity'),
        }),
        c(
          'participants',
          'Participants',
          '参与人',
          'text',
          sql`(SELECT string_agg(pc.name, '; ' ORDER BY pc.name) FROM activity_participants ap
                JOIN contacts pc ON pc.org_id = ap.org_id AND pc.id = ap.contact_id AND pc.deleted_at IS NULL
               WHERE ap.org_id = "activities".org_id AND ap.activity_id = "activities".id
                 ${contactVis ? sql`AND ${contactVis}` : sql``})`,
        ),
        owner('activities'),
        c('externalId', 'External ID', '外部 ID', 'text', '"activities".external_id'),
        ...audit('activities'),
      );
    },
  },
  notes: {
    name: 'notes',
    title: { en: 'notes', zh: '备注' },
    table: 'notes',
    shape: ({ actor }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"notes".id'),
        c('body', 'Note', '内容', 'text', '"notes".body'),
        ref({
          t: 'notes',
          fk: 'account_id',
          table: 'accounts',
          alias: 'j_account',
          key: 'account',
          en: 'Account',
          zh: '客户',
          visible: accountVisible(actor, 'j_account'),
        }),
        ref({
          t: 'notes',
          fk: 'contact_id',
          table: 'contacts',
          alias: 'j_contact',
          key: 'contact',
          en: 'Contact',
          zh: '联系人',
          visible: contactVisible(actor, 'j_contact'),
        }),
        ref({
          t: 'notes',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
          visible: opportunityVisible(actor, 'j_opportunity'),
        }),
        owner('notes'),
        ...audit('notes'),
      ),
  },
  products: {
    name: 'products',
    title: { en: 'products', zh: '产品' },
    table: 'products',
    shape: () =>
      shape(
        c('id', 'ID', 'ID', 'text', '"products".id'),
        c('name', 'Name', '名称', 'text', '"products".name'),
        c('family', 'Product family', '产品系列', 'text', '"products".family'),
        c('listPrice', 'List price', '标准价格', 'number', '"products".list_price'),
        c('currency', 'Currency', '币种', 'text', '"products".currency'),
        c('active', 'Active', '启用', 'boolean', '"products".active'),
        c('externalId', 'External ID', '外部 ID', 'text', '"products".external_id'),
        ...audit('products'),
      ),
  },
  users: {
    name: 'users',
    title: { en: 'users', zh: '用户' },
    table: 'users',
    shape: () =>
      shape(
        c('id', 'ID', 'ID', 'text', '"users".id'),
        c('name', 'Name', '姓名', 'text', '"users".name'),
        c('email', 'E-mail', '邮箱', 'text', '"users".email'),
        c('role', 'Role', '角色', { enum: 'role' }, '"users".role'),
        c('status', 'Status', '状态', { enum: 'userStatus' }, '"users".status'),
        c('locale', 'Language', '语言', { enum: 'locale' }, '"users".locale'),
        ref({
          t: 'users',
          fk: 'team_id',
          table: 'teams',
          alias: 'j_team',
          key: 'team',
          en: 'Team',
          zh: '团队',
        }),
        c('externalId', 'External ID', '外部 ID', 'text', '"users".external_id'),
        ...audit('users'),
      ),
  },
  teams: {
    name: 'teams',
    title: { en: 'teams', zh: '团队' },
    table: 'teams',
    shape: () =>
      shape(
        c('id', 'ID', 'ID', 'text', '"teams".id'),
        c('name', 'Name', '名称', 'text', '"teams".name'),
        ref({
          t: 'teams',
          fk: 'parent_id',
          table: 'teams',
          alias: 'j_parent',
          key: 'parent',
          en: 'Parent team',
          zh: '上级团队',
        }),
        owner('teams', 'manager_id', 'manager', 'Manager', '经理'),
        ...audit('teams'),
      ),
  },
  pipelines: {
    name: 'pipelines',
    title: { en: 'pipelines', zh: '漏斗模型' },
    table: 'pipelines',
    shape: ({ lang }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"pipelines".id'),
        c('name', 'Name', '名称', 'text', '"pipelines".name'),
        c('nameZh', 'Name (Chinese)', '名称（中文）', 'text', '"pipelines".name_zh'),
        c('description', 'Description', '说明', 'text', '"pipelines".description'),
        c('isDefault', 'Default', '默认', 'boolean', '"pipelines".is_default'),
        c(
          'stages',
          'Stages',
          '阶段',
          'text',
          `(SELECT string_agg(s.position || '. ' || ${stageName('s', lang)} || ' (' || s.probability || '%)', '; '
              ORDER BY s.position)
             FROM pipeline_stages s WHERE s.org_id = "pipelines".org_id AND s.pipeline_id = "pipelines".id)`,
        ),
        ...audit('pipelines'),
      ),
  },
  stakeholders: {
    name: 'stakeholders',
    title: { en: 'stakeholders', zh: '关键人' },
    table: 'stakeholders',
    shape: ({ actor }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"stakeholders".id'),
        ref({
          t: 'stakeholders',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
          visible: opportunityVisible(actor, 'j_opportunity'),
        }),
        ref({
          t: 'stakeholders',
          fk: 'contact_id',
          table: 'contacts',
          alias: 'j_contact',
          key: 'contact',
          en: 'Contact',
          zh: '联系人',
          visible: contactVisible(actor, 'j_contact'),
        }),
        c('role', 'Buying role', '采购角色', { enum: 'buyingRole' }, '"stakeholders".role'),
        c('attitude', 'Attitude', '态度', { enum: 'attitude' }, '"stakeholders".attitude'),
        c('influence', 'Influence (1–5)', '影响力 (1–5)', 'number', '"stakeholders".influence'),
        c('met', 'Met', '已见面', 'boolean', '"stakeholders".met'),
        c('notes', 'Notes', '备注', 'text', '"stakeholders".notes'),
        ...audit('stakeholders'),
      ),
  },
  quotas: {
    name: 'quotas',
    title: { en: 'quotas', zh: '销售指标' },
    table: 'quotas',
    shape: () =>
      shape(
        c('id', 'ID', 'ID', 'text', '"quotas".id'),
        owner('quotas', 'user_id', 'user', 'Person', '人员'),
        ref({
          t: 'quotas',
          fk: 'team_id',
          table: 'teams',
          alias: 'j_team',
          key: 'team',
          en: 'Team',
          zh: '团队',
        }),
        c('periodStart', 'Period start', '开始日期', 'date', '"quotas".period_start'),
        c('periodEnd', 'Period end', '结束日期', 'date', '"quotas".period_end'),
        c('amount', 'Amount', '金额', 'number', '"quotas".amount'),
        c('note', 'Note', '备注', 'text', '"quotas".note'),
        ...audit('quotas'),
      ),
  },
};

/**
 * A JSON array column as one cell. As labels: each element as text (`item` builds it from the element `e`),
 * joined with `; ` like a deal's products; as codes: the JSON as stored, for a program to read back
 * without parsing prose. Empty (or NULL) arrays are an empty cell in both.
 */
function jsonList(column: string, values: ValueStyle, item: string): SQL {
  if (values === 'codes') return raw(`nullif(${column}, '[]'::jsonb)`);
  return raw(`(SELECT string_agg(${item}, '; ' ORDER BY x.n)
     FROM jsonb_array_elements(${column}) WITH ORDINALITY AS x(e, n))`);
}

/** A stage's tools (`{label, labelZh, url}`): `label: url`, the label in the file's language. */
const stageTools = ({ lang, values }: ExportContext) =>
  jsonList(
    '"pipeline_stages".tools',
    values,
    // The web app shows the English label when there is no Chinese one; so does the file.
    `${lang === 'zh-CN' ? `coalesce(nullif(btrim(x.e->>'labelZh'), ''), x.e->>'label')` : `x.e->>'label'`} || ': ' || (x.e->>'url')`,
  );

/** A stored JSON value as text: a string without its quotes, a number as written, an array as JSON. */
const jsonText = (expr: string) => `${expr} #>> '{}'`;

/** The table a history row's reference field points into, and its name column in the file's language. */
const historyReferences = (lang: ExportLang): Record<string, [table: string, name: string]> => ({
  stageId: ['pipeline_stages', stageName('r', lang)],
  pipelineId: ['pipelines', pipelineName('r', lang)],
  ownerId: ['users', 'r.name'],
  accountId: ['accounts', 'r.name'],
});

/**
 * The name of the record a history value refers to (a stage, pipeline, owner or account), so a reader of
 * the file sees "Proposal" beside the id; empty for values that are not references. A record since removed
 * or in the recycle bin is still named: history describes what was true then.
 */
const historyName = (value: string, lang: ExportLang) =>
  `CASE "opportunity_history".field ${Object.entries(historyReferences(lang))
    .map(
      ([field, [table, name]]) =>
        `WHEN '${field}' THEN (SELECT ${name} FROM ${table} r WHERE r.org_id = "opportunity_history".org_id AND r.id = (${jsonText(value)})::uuid)`,
    )
    .join(' ')} END`;

/**
 * The bundle's files that are not lists: children a list export folds into their parent's row (the stages
 * of each pipeline, the products on each deal, each deal's team, an activity's participants), the sales
 * process (milestone criteria, what was completed on each deal, every stay of a deal in a stage), each
 * deal's field history, and the forecast (calls and weekly snapshots). Only children of live parents are
 * written (a record in the recycle bin is not in the bundle, nor is what hangs off it). No visibility
 * condition: only admins export the bundle, and they see everything.
 */
export const BUNDLE_EXTRAS: (ExportSource & { where: SQL; order: SQL })[] = [
  {
    name: 'pipeline-stages',
    title: { en: 'pipeline stages', zh: '漏斗阶段' },
    table: 'pipeline_stages',
    shape: (ctx) =>
      shape(
        pipelineRef('pipeline_stages', ctx.lang),
        c('id', 'Stage ID', '阶段 ID', 'text', '"pipeline_stages".id'),
        c('position', 'Position', '序号', 'number', '"pipeline_stages".position'),
        c('nameEn', 'Name (English)', '名称（英文）', 'text', '"pipeline_stages".name_en'),
        c('nameZh', 'Name (Chinese)', '名称（中文）', 'text', '"pipeline_stages".name_zh'),
        c('probability', 'Probability (%)', '赢率 (%)', 'number', '"pipeline_stages".probability'),
        c('funnelState', 'Funnel state', '漏斗状态', { enum: 'funnel' }, '"pipeline_stages".funnel_state'),
        c('expectedDays', 'Expected days', '预期天数', 'number', '"pipeline_stages".expected_days'),
        c(
          'buyerStepEn',
          'Buyer step (English)',
          '客户采购步骤（英文）',
          'text',
          '"pipeline_stages".buyer_step_en',
        ),
        c(
          'buyerStepZh',
          'Buyer step (Chinese)',
          '客户采购步骤（中文）',
          'text',
          '"pipeline_stages".buyer_step_zh',
        ),
        c('guidanceEn', 'Guidance (English)', '阶段指引（英文）', 'text', '"pipeline_stages".guidance_en'),
        c('guidanceZh', 'Guidance (Chinese)', '阶段指引（中文）', 'text', '"pipeline_stages".guidance_zh'),
        c('tools', 'Tools', '工具', 'text', stageTools(ctx)),
        c('retiredAt', 'Retired', '停用时间', 'timestamp', '"pipeline_stages".retired_at'),
      ),
    where: raw('j_pipeline.deleted_at IS NULL'),
    order: raw('j_pipeline.name, "pipeline_stages".pipeline_id, "pipeline_stages".position'),
  },
  {
    name: 'opportunity-line-items',
    title: { en: 'opportunity products', zh: '商机产品' },
    table: 'opportunity_line_items',
    shape: () =>
      shape(
        ref({
          t: 'opportunity_line_items',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
        }),
        ref({
          t: 'opportunity_line_items',
          fk: 'product_id',
          table: 'products',
          alias: 'j_product',
          key: 'product',
          en: 'Product',
          zh: '产品',
        }),
        c('quantity', 'Quantity', '数量', 'number', 'trim_scale("opportunity_line_items".quantity)'),
        c('unitPrice', 'Unit price', '单价', 'number', '"opportunity_line_items".unit_price'),
        c(
          'total',
          'Total',
          '合计',
          'number',
          'round("opportunity_line_items".quantity * "opportunity_line_items".unit_price, 2)',
        ),
      ),
    where: raw('j_opportunity.deleted_at IS NULL'),
    order: raw('"opportunity_line_items".opportunity_id, "opportunity_line_items".id'),
  },
  {
    name: 'opportunity-members',
    title: { en: 'deal teams', zh: '商机团队' },
    table: 'opportunity_members',
    shape: () =>
      shape(
        ref({
          t: 'opportunity_members',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
        }),
        owner('opportunity_members', 'user_id', 'user', 'Person', '人员'),
        c('role', 'Role on the deal', '商机角色', 'text', '"opportunity_members".role'),
      ),
    where: raw('j_opportunity.deleted_at IS NULL'),
    order: raw('"opportunity_members".opportunity_id, "opportunity_members".user_id'),
  },
  {
    name: 'milestone-criteria',
    title: { en: 'milestone criteria', zh: '里程碑退出标准' },
    table: 'milestone_criteria',
    shape: ({ lang }) =>
      shape(
        pipelineRef('milestone_criteria', lang),
        ref({
          t: 'milestone_criteria',
          fk: 'stage_id',
          table: 'pipeline_stages',
          alias: 'j_stage',
          show: lang === 'zh-CN' ? 'name_zh' : 'name_en',
          key: 'stage',
          en: 'Stage',
          zh: '阶段',
        }),
        c('id', 'Criterion ID', '标准 ID', 'text', '"milestone_criteria".id'),
        c('position', 'Position', '序号', 'number', '"milestone_criteria".position'),
        c('labelEn', 'Criterion (English)', '标准（英文）', 'text', '"milestone_criteria".label_en'),
        c('labelZh', 'Criterion (Chinese)', '标准（中文）', 'text', '"milestone_criteria".label_zh'),
        c('hintEn', 'Hint (English)', '提示（英文）', 'text', '"milestone_criteria".hint_en'),
        c('hintZh', 'Hint (Chinese)', '提示（中文）', 'text', '"milestone_criteria".hint_zh'),
        c('kind', 'Kind', '类型', { enum: 'criterionKind' }, '"milestone_criteria".kind'),
        // The kind's settings (src/core/process/model.ts CriterionConfig), a column each rather than JSON.
        c(
          'configRole',
          'Required buying role',
          '要求的采购角色',
          { enum: 'buyingRole' },
          `"milestone_criteria".config->>'role'`,
        ),
        c('configMet', 'Required met', '要求已见面', 'boolean', `"milestone_criteria".config->>'met'`),
        c(
          'configAttitude',
          'Required attitude',
          '要求的态度',
          { enum: 'attitude' },
          `"milestone_criteria".config->>'attitude'`,
        ),
        c(
          'configActivityType',
          'Required activity type',
          '要求的活动类型',
          { enum: 'activityType' },
          `"milestone_criteria".config->>'activityType'`,
        ),
        c('configField', 'Required field', '要求填写的字段', 'text', `"milestone_criteria".config->>'field'`),
        c(
          'requiresConfirmation',
          'Needs confirmation',
          '需要确认',
          'boolean',
          '"milestone_criteria".requires_confirmation',
        ),
      ),
    where: raw('j_pipeline.deleted_at IS NULL'),
    order: raw(
      'j_pipeline.name, "milestone_criteria".pipeline_id, j_stage.position, "milestone_criteria".position, "milestone_criteria".id',
    ),
  },
  {
    name: 'stage-periods',
    title: { en: 'stage history', zh: '阶段历史' },
    table: 'stage_periods',
    shape: ({ lang, values }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"stage_periods".id'),
        ref({
          t: 'stage_periods',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
        }),
        pipelineRef('stage_periods', lang),
        ref({
          t: 'stage_periods',
          fk: 'stage_id',
          table: 'pipeline_stages',
          alias: 'j_stage',
          show: lang === 'zh-CN' ? 'name_zh' : 'name_en',
          key: 'stage',
          en: 'Stage',
          zh: '阶段',
        }),
        c('enteredAt', 'Entered', '进入时间', 'timestamp', '"stage_periods".entered_at'),
        c('leftAt', 'Left', '离开时间', 'timestamp', '"stage_periods".left_at'),
        // Time in stage for completed stays (an open stay has no end yet), so a spreadsheet needs no formula.
        c(
          'days',
          'Days in stage',
          '停留天数',
          'number',
          `round((extract(epoch FROM "stage_periods".left_at - "stage_periods".entered_at) / 86400)::numeric, 1)`,
        ),
        owner('stage_periods', 'entered_by', 'enteredBy', 'Moved by', '操作人'),
        ref({
          t: 'stage_periods',
          fk: 'from_stage_id',
          table: 'pipeline_stages',
          alias: 'j_from_stage',
          show: lang === 'zh-CN' ? 'name_zh' : 'name_en',
          key: 'fromStage',
          en: 'From stage',
          zh: '原阶段',
        }),
        c('reason', 'Reason', '原因', 'text', '"stage_periods".reason'),
        c('override', 'Gate overridden', '越过关卡', 'boolean', '"stage_periods".override'),
        c(
          'unmetAtEntry',
          'Criteria unmet on entry',
          '进入时未达成的标准',
          'text',
          jsonList('"stage_periods".unmet_at_entry', values, `x.e->>'label'`),
        ),
      ),
    where: raw('j_opportunity.deleted_at IS NULL'),
    order: raw('"stage_periods".opportunity_id, "stage_periods".entered_at, "stage_periods".id'),
  },
  {
    name: 'criterion-completions',
    title: { en: 'milestone completions', zh: '里程碑完成记录' },
    table: 'criterion_completions',
    shape: ({ lang }) => {
      const zh = lang === 'zh-CN';
      // The criterion's stage, through the criterion (a completion names only the criterion).
      const stage: ExportShape = {
        columns: [
          c('stage', 'Stage', '阶段', 'text', `j_cstage.${zh ? 'name_zh' : 'name_en'}`),
          c('stageId', 'Stage ID', '阶段 ID', 'text', 'j_criterion.stage_id'),
        ],
        joins: [
          raw(`LEFT JOIN pipeline_stages j_cstage
                 ON j_cstage.org_id = j_criterion.org_id AND j_cstage.id = j_criterion.stage_id`),
        ],
      };
      return shape(
        ref({
          t: 'criterion_completions',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
        }),
        ref({
          t: 'criterion_completions',
          fk: 'criterion_id',
          table: 'milestone_criteria',
          alias: 'j_criterion',
          show: zh ? 'label_zh' : 'label_en',
          key: 'criterion',
          en: 'Criterion',
          zh: '退出标准',
        }),
        stage,
        owner('criterion_completions', 'completed_by', 'completedBy', 'Completed by', '完成人'),
        c('completedAt', 'Completed at', '完成时间', 'timestamp', '"criterion_completions".completed_at'),
        c('note', 'Note', '备注', 'text', '"criterion_completions".note'),
        c('link', 'Document link', '文档链接', 'text', '"criterion_completions".link'),
        owner('criterion_completions', 'confirmed_by', 'confirmedBy', 'Confirmed by', '确认人'),
        c('confirmedAt', 'Confirmed at', '确认时间', 'timestamp', '"criterion_completions".confirmed_at'),
      );
    },
    where: raw('j_opportunity.deleted_at IS NULL'),
    order: raw(
      '"criterion_completions".opportunity_id, "criterion_completions".completed_at, "criterion_completions".criterion_id',
    ),
  },
  {
    name: 'opportunity-history',
    title: { en: 'opportunity history', zh: '商机变更历史' },
    table: 'opportunity_history',
    shape: ({ lang }) =>
      shape(
        c('id', 'ID', 'ID', 'text', '"opportunity_history".id'),
        ref({
          t: 'opportunity_history',
          fk: 'opportunity_id',
          table: 'opportunities',
          alias: 'j_opportunity',
          key: 'opportunity',
          en: 'Opportunity',
          zh: '商机',
        }),
        c('at', 'Changed at', '变更时间', 'timestamp', '"opportunity_history".at'),
        // The API's field name (`stageId`, `amount`, `lineItems` …, or `created` / `deleted` / `restored`),
        // as GET /opportunities/:id/history answers it.
        c('field', 'Field', '字段', 'text', '"opportunity_history".field'),
        c('oldValue', 'Old value', '原值', 'text', jsonText('"opportunity_history".old_value')),
        c('newValue', 'New value', '新值', 'text', jsonText('"opportunity_history".new_value')),
        c(
          'oldName',
          'Old value name',
          '原值名称',
          'text',
          historyName('"opportunity_history".old_value', lang),
        ),
        c(
          'newName',
          'New value name',
          '新值名称',
          'text',
          historyName('"opportunity_history".new_value', lang),
        ),
        owner('opportunity_history', 'actor_id', 'actor', 'Changed by', '变更人'),
      ),
    where: raw('j_opportunity.deleted_at IS NULL'),
    order: raw('"opportunity_history".opportunity_id, "opportunity_history".id'),
  },
  {
    name: 'activity-participants',
    title: { en: 'activity participants', zh: '活动参与人' },
    table: 'activity_participants',
    shape: () =>
      shape(
        ref({
          t: 'activity_participants',
          fk: 'activity_id',
          table: 'activities',
          alias: 'j_activity',
          show: 'subject',
          key: 'activity',
          en: 'Activity',
          zh: '活动',
        }),
        ref({
          t: 'activity_participants',
          fk: 'contact_id',
          table: 'contacts',
          alias: 'j_contact',
          key: 'contact',
          en: 'Contact',
          zh: '联系人',
          email: true,
        }),
      ),
    // A participant is a link between two records: written only when both are live.
    where: raw('j_activity.deleted_at IS NULL AND j_contact.deleted_at IS NULL'),
    order: raw('"activity_participants".activity_id, j_contact.name, "activity_participants".contact_id'),
  },
  {
    name: 'forecast-submissions',
    title: { en: 'forecast calls', zh: '预测提交记录' },
    table: 'forecast_submissions',
    shape: () =>
      shape(
        c('id', 'ID', 'ID', 'text', '"forecast_submissions".id'),
        c('period', 'Period', '期间', 'text', '"forecast_submissions".period'),
        owner('forecast_submissions', 'user_id', 'user', 'Person', '人员'),
        ref({
          t: 'forecast_submissions',
          fk: 'team_id',
          table: 'teams',
          alias: 'j_team',
          key: 'team',
          en: 'Team',
          zh: '团队',
        }),
        c('systemAmount', 'System figure', '系统数字', 'number', '"forecast_submissions".system_amount'),
        c('adjustment', 'Adjustment', '调整', 'number', '"forecast_submissions".adjustment'),
        c('amount', 'Call', '预测金额', 'number', '"forecast_submissions".amount'),
        c('note', 'Note', '说明', 'text', '"forecast_submissions".note'),
        owner('forecast_submissions', 'submitted_by', 'submittedBy', 'Submitted by', '提交人'),
        c('createdAt', 'Submitted at', '提交时间', 'timestamp', '"forecast_submissions".created_at'),
      ),
    // Append-only, never deleted: every call is written, whoever it was about.
    where: raw('TRUE'),
    order: raw('"forecast_submissions".created_at, "forecast_submissions".id'),
  },
  {
    name: 'forecast-snapshots',
    title: { en: 'forecast snapshots', zh: '预测快照' },
    table: 'forecast_snapshots',
    shape: () =>
      shape(
        c('weekStart', 'Week of', '周起始日', 'date', '"forecast_snapshots".week_start'),
        c('period', 'Period', '期间', 'text', '"forecast_snapshots".period'),
        owner('forecast_snapshots'),
        c('deals', 'Deals', '商机数', 'number', '"forecast_snapshots".deals'),
        c('pipeline', 'Pipeline', '漏斗中', 'number', '"forecast_snapshots".pipeline'),
        c('bestCase', 'Best case', '最佳情况', 'number', '"forecast_snapshots".best_case'),
        c('commit', 'Commit', '承诺', 'number', '"forecast_snapshots".commit'),
        c('closed', 'Closed', '已成交', 'number', '"forecast_snapshots".closed'),
        c('weighted', 'Weighted', '加权', 'number', '"forecast_snapshots".weighted'),
        c('historical', 'Historical', '历史', 'number', '"forecast_snapshots".historical'),
        c('takenAt', 'Taken at', '快照时间', 'timestamp', '"forecast_snapshots".taken_at'),
      ),
    where: raw('TRUE'),
    order: raw(
      '"forecast_snapshots".week_start, "forecast_snapshots".period, j_owner.name, "forecast_snapshots".owner_id',
    ),
  },
];

/** A resource nobody described above (added later): its API fields as they are, so it still exports. */
export function genericSource(res: Resource, table: string): ExportSource {
  const kindOf = (col: PgColumn): Kind => {
    const type = col.getSQLType();
    if (type === 'timestamp with time zone') return 'timestamp';
    if (type === 'date') return 'date';
    if (type === 'boolean') return 'boolean';
    if (/^(numeric|integer|bigint|smallint|real|double)/.test(type)) return 'number';
    return 'text';
  };
  return {
    name: res.name,
    title: { en: res.name, zh: res.name },
    table,
    shape: () => ({
      columns: Object.entries(res.outputColumns)
        .filter(([k]) => k !== 'version' && k !== 'deletedAt')
        .map(([k, col]) => c(k, k, k, kindOf(col), `"${table}".${col.name}`)),
      joins: [],
    }),
  };
}

// --- turning columns into SQL and CSV -------------------------------------------------------------

/** The SQL that yields a column's text, as the file shows it. */
function asText(col: ExportColumn, ctx: ExportContext): SQL {
  const e = col.expr;
  const kind = col.kind;
  if (kind === 'timestamp') return sql`to_char((${e}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  if (kind === 'date') return sql`to_char(${e}, 'YYYY-MM-DD')`;
  if (ctx.values === 'labels' && (kind === 'boolean' || typeof kind === 'object')) {
    const labels = ENUM_LABELS[kind === 'boolean' ? 'boolean' : kind.enum] as Record<
      string,
      { en: string; zh: string }
    >;
    const whens = Object.entries(labels).map(
      ([code, l]) => sql` WHEN ${code} THEN ${ctx.lang === 'zh-CN' ? l.zh : l.en}::text`,
    );
    return sql`CASE (${e})::text${sql.join(whens)} ELSE (${e})::text END`;
  }
  return sql`(${e})::text`;
}

/** `expr AS c0, expr AS c1, …` for the SELECT list. */
export function selectList(columns: ExportColumn[], ctx: ExportContext): SQL {
  return sql.join(
    columns.map((col, i) => sql`${asText(col, ctx)} AS ${raw(`c${i}`)}`),
    sql`, `,
  );
}

export const cellKinds = (columns: ExportColumn[]): CellKind[] =>
  columns.map((col) => (col.kind === 'number' ? 'number' : 'text'));

export const headerRow = (columns: ExportColumn[], lang: ExportLang): string[] =>
  columns.map((col) => (lang === 'zh-CN' ? col.zh : col.en));
