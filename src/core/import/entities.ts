import type { ImportEntity } from './mapping.ts';

/**
 * The fields each import accepts, with the header names (English and Chinese) a suggested mapping
 * recognises and, for fixed sets of values, the words that mean each value. Field keys are the API's
 * field names where one exists; references (`owner`, `account`, …) take a name or an e-mail.
 */
export type RefKind = 'user' | 'team' | 'account' | 'contact' | 'product' | 'opportunity' | 'pipeline';
export type FieldKind =
  | 'text'
  | 'email'
  | 'enum'
  | 'date'
  | 'timestamp'
  | 'money'
  | 'integer'
  | 'boolean'
  | 'currency'
  | 'ref'
  | 'stage';

export type FieldSpec = {
  key: string;
  kind: FieldKind;
  required?: boolean;
  max?: number;
  /** enum: the values, each with the words (any language) that mean it. */
  values?: Record<string, readonly string[]>;
  ref?: RefKind;
  /** Header names this field is suggested for (compared by referenceKey). */
  headers: readonly string[];
  /** One line for docs and the wizard. */
  help: string;
};

export type EntitySpec = { name: ImportEntity; fields: FieldSpec[] };

const externalId: FieldSpec = {
  key: 'externalId',
  kind: 'text',
  max: 200,
  headers: ['external id', 'id', 'record id', 'crm id', '编号', '外部编号', 'ID'],
  help: 'The record id in the source system: re-importing updates instead of duplicating',
};
const owner: FieldSpec = {
  key: 'owner',
  kind: 'ref',
  ref: 'user',
  headers: [
    'owner',
    'rep',
    'sales rep',
    'salesperson',
    'account owner',
    'deal owner',
    'assigned to',
    '负责人',
    '销售',
    '销售代表',
    '业务员',
    '所有人',
    '跟进人',
  ],
  help: 'A user, by name or e-mail (default: the importing user)',
};
const createdAt: FieldSpec = {
  key: 'createdAt',
  kind: 'timestamp',
  headers: [
    'created',
    'created at',
    'created date',
    'create date',
    'created on',
    'date created',
    '创建日期',
    '创建时间',
  ],
  help: 'When the record was created in the source system (default: the import time)',
};
const currency: FieldSpec = {
  key: 'currency',
  kind: 'currency',
  headers: ['currency', 'currency code', '币种', '货币'],
  help: 'ISO 4217 code (CNY, USD…); default: from the amount’s sign (¥ $ €), else the organization’s',
};

const STATUS: Record<string, readonly string[]> = {
  open: [
    'open',
    'active',
    'in progress',
    'engaging',
    'pipeline',
    'ongoing',
    '进行中',
    '跟进中',
    '跟进',
    '开放',
    '在谈',
    // On hold is a paused deal, still open (HubSpot and Salesforce keep it in the pipeline), not a closed one.
    'on hold',
    'paused',
    'suspended',
    '搁置',
    '暂停',
    '暂缓',
    '挂起',
  ],
  won: [
    'won',
    'win',
    'closed won',
    'closedwon',
    'signed',
    'success',
    '赢单',
    '赢',
    '成交',
    '已成交',
    '签约',
    '已签约',
    '中标',
  ],
  lost: [
    'lost',
    'loss',
    'closed lost',
    'closedlost',
    'failed',
    '输单',
    '输',
    '丢单',
    '失败',
    '丢失',
    '未中标',
  ],
  no_decision: [
    'no decision',
    'nodecision',
    'no_decision',
    'abandoned',
    'cancelled',
    'canceled',
    '无决策',
    '取消',
    '放弃',
  ],
};
const FORECAST: Record<string, readonly string[]> = {
  pipeline: ['pipeline', '漏斗', '管道'],
  best_case: ['best case', 'bestcase', 'best_case', 'upside', '最佳', '最好情况'],
  commit: ['commit', 'committed', '承诺', '确定'],
  closed: ['closed', '已关闭', '关闭'],
  omitted: ['omitted', 'omit', '排除', '忽略'],
};
const ROLES: Record<string, readonly string[]> = {
  admin: ['admin', 'administrator', '管理员'],
  manager: ['manager', 'sales manager', 'team lead', '经理', '销售经理', '主管', '组长'],
  rep: [
    'rep',
    'sales rep',
    'sales',
    'salesperson',
    'account executive',
    'ae',
    '销售',
    '销售代表',
    '客户经理',
    '业务员',
  ],
  presales: ['presales', 'pre-sales', 'solution consultant', 'se', '售前', '解决方案顾问'],
  enablement: ['enablement', 'trainer', '培训', '赋能'],
  viewer: ['viewer', 'read only', 'executive', '只读', '查看'],
};

const SPECS: Record<ImportEntity, FieldSpec[]> = {
  users: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: ['name', 'full name', 'user', 'employee', '姓名', '名字', '员工', '用户'],
      help: 'Full name',
    },
    {
      key: 'email',
      kind: 'email',
      headers: ['email', 'e-mail', 'mail', 'email address', '邮箱', '电子邮件', '邮件'],
      help: 'Optional: without one the user owns history but cannot sign in until invited',
    },
    {
      key: 'role',
      kind: 'enum',
      values: ROLES,
      headers: ['role', 'position', 'title', '角色', '岗位'],
      help: 'admin, manager, rep (default), presales, enablement or viewer',
    },
    {
      key: 'team',
      kind: 'ref',
      ref: 'team',
      headers: ['team', 'group', 'sales team', '团队', '小组', '部门'],
      help: 'A team by name',
    },
    {
      key: 'manager',
      kind: 'ref',
      ref: 'user',
      headers: ['manager', 'reports to', 'supervisor', 'boss', '经理', '上级', '主管', '直属上级'],
      help: 'Without a team: the user joins the team this manager leads (created with --create-missing)',
    },
    {
      key: 'region',
      kind: 'ref',
      ref: 'team',
      headers: ['region', 'area', 'territory', 'division', '区域', '大区', '地区'],
      help: 'The parent of a team created for the user',
    },
    {
      key: 'locale',
      kind: 'enum',
      values: {
        en: ['en', 'english', '英文', '英语'],
        'zh-CN': ['zh-CN', 'zh', 'chinese', '中文', '简体中文'],
      },
      headers: ['language', 'locale', '语言'],
      help: 'en or zh-CN',
    },
    {
      ...externalId,
      headers: ['employee id', 'staff id', 'user id', '工号', '员工编号', ...externalId.headers],
    },
  ],
  teams: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: ['team', 'team name', 'name', '团队', '团队名称', '名称'],
      help: 'Team name',
    },
    {
      key: 'manager',
      kind: 'ref',
      ref: 'user',
      headers: ['manager', 'leader', 'team lead', 'head', '经理', '负责人', '主管', '组长'],
      help: 'The user who leads the team',
    },
    {
      key: 'parent',
      kind: 'ref',
      ref: 'team',
      headers: ['parent', 'parent team', 'region', 'area', 'division', '上级团队', '区域', '大区'],
      help: 'The parent team (a region); created with --create-missing',
    },
    externalId,
  ],
  accounts: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: [
        'account',
        'account name',
        'company',
        'company name',
        'customer',
        'client',
        'organization',
        'name',
        '客户',
        '客户名称',
        '公司',
        '公司名称',
        '单位',
        '名称',
      ],
      help: 'Account name',
    },
    owner,
    {
      key: 'industry',
      kind: 'text',
      max: 200,
      headers: ['industry', 'sector', 'vertical', '行业', '所属行业'],
      help: 'Industry',
    },
    {
      key: 'size',
      kind: 'enum',
      values: {
        '1-49': ['1-49', 'small'],
        '50-249': ['50-249'],
        '250-999': ['250-999'],
        '1000-4999': ['1000-4999'],
        '5000+': ['5000+', '5000', 'enterprise'],
      },
      headers: ['size', 'company size', 'employees', '规模', '人数', '员工数'],
      help: '1-49, 50-249, 250-999, 1000-4999 or 5000+ (a head count is put in its band)',
    },
    {
      key: 'website',
      kind: 'text',
      max: 300,
      headers: ['website', 'web', 'url', 'homepage', '网站', '网址', '官网'],
      help: 'Web site',
    },
    {
      key: 'tier',
      kind: 'enum',
      values: {
        strategic: ['strategic', 'a', '战略', '战略客户'],
        key: ['key', 'b', '重点', '关键', '重点客户'],
        growth: ['growth', 'c', '成长', '潜力'],
        standard: ['standard', 'd', '普通', '标准', '一般'],
      },
      headers: ['tier', 'level', 'segment', 'rating', '级别', '等级', '客户级别', '客户等级'],
      help: 'strategic, key, growth or standard (default)',
    },
    {
      key: 'parent',
      kind: 'ref',
      ref: 'account',
      headers: ['parent', 'parent account', 'parent company', 'group', '上级客户', '母公司', '集团'],
      help: 'The parent account (group headquarters)',
    },
    createdAt,
    externalId,
  ],
  contacts: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: ['name', 'contact', 'contact name', 'full name', '姓名', '联系人', '联系人姓名'],
      help: 'Full name',
    },
    {
      key: 'account',
      kind: 'ref',
      ref: 'account',
      headers: [
        'account',
        'company',
        'customer',
        'organization',
        'account name',
        '客户',
        '客户名称',
        '公司',
        '单位',
      ],
      help: 'The account, by name',
    },
    owner,
    {
      key: 'title',
      kind: 'text',
      max: 200,
      headers: ['title', 'job title', 'position', 'role', '职位', '职务', '头衔'],
      help: 'Job title',
    },
    {
      key: 'department',
      kind: 'text',
      max: 200,
      headers: ['department', 'dept', '部门'],
      help: 'Department',
    },
    { key: 'email', kind: 'email', headers: ['email', 'e-mail', 'mail', '邮箱', '电子邮件'], help: 'E-mail' },
    {
      key: 'phone',
      kind: 'text',
      max: 100,
      headers: ['phone', 'mobile', 'telephone', 'tel', 'cell', '电话', '手机', '手机号', '联系电话'],
      help: 'Phone',
    },
    createdAt,
    externalId,
  ],
  products: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: ['product', 'product name', 'name', 'item', 'sku name', '产品', '产品名称', '名称'],
      help: 'Product name',
    },
    {
      key: 'family',
      kind: 'text',
      max: 200,
      headers: ['family', 'category', 'product line', 'line', '类别', '产品线', '分类'],
      help: 'Product family',
    },
    {
      key: 'listPrice',
      kind: 'money',
      headers: ['price', 'list price', 'unit price', '价格', '单价', '标准价', '目录价'],
      help: 'List price',
    },
    currency,
    {
      key: 'active',
      kind: 'boolean',
      headers: ['active', 'enabled', 'status', '启用', '状态', '是否启用'],
      help: 'yes/no (default yes)',
    },
    externalId,
  ],
  opportunities: [
    {
      key: 'name',
      kind: 'text',
      required: true,
      max: 200,
      headers: [
        'deal',
        'deal name',
        'opportunity',
        'opportunity name',
        'project',
        'project name',
        'name',
        '项目',
        '项目名称',
        '商机',
        '商机名称',
        '机会',
        '名称',
      ],
      help: 'Deal name',
    },
    {
      key: 'account',
      kind: 'ref',
      ref: 'account',
      required: true,
      headers: [
        'account',
        'account name',
        'company',
        'customer',
        'client',
        'organization',
        '客户',
        '客户名称',
        '公司',
        '单位',
      ],
      help: 'The account, by name (created with --create-missing)',
    },
    owner,
    {
      key: 'amount',
      kind: 'money',
      headers: [
        'amount',
        'value',
        'deal value',
        'deal size',
        'revenue',
        'contract value',
        '金额',
        '合同金额',
        '预计金额',
        '商机金额',
        '项目金额',
      ],
      help: 'Amount: ¥1,234.00, 1.234,56 €, 12万 …',
    },
    currency,
    {
      key: 'status',
      kind: 'enum',
      values: STATUS,
      headers: ['status', 'result', 'outcome', 'won/lost', 'win/loss', '状态', '结果', '输赢', '赢单状态'],
      help: 'open, won, lost or no_decision (default open); Won/Lost/赢单/输单 are recognised, On hold/搁置/暂停 is open',
    },
    {
      key: 'pipeline',
      kind: 'ref',
      ref: 'pipeline',
      headers: ['pipeline', 'funnel', 'sales process', 'process', '漏斗', '销售流程', '流程'],
      help: 'A pipeline by name (default: the default pipeline)',
    },
    {
      key: 'stage',
      kind: 'stage',
      headers: ['stage', 'sales stage', 'deal stage', 'phase', '阶段', '销售阶段', '商机阶段'],
      help: 'A stage of the pipeline by name (English or Chinese) or number; default: first stage, or the last for won deals',
    },
    {
      key: 'stageEnteredAt',
      kind: 'timestamp',
      headers: [
        'stage entered',
        'stage date',
        'stage since',
        'in stage since',
        'stage changed',
        '进入阶段日期',
        '阶段日期',
        '阶段开始',
      ],
      help: 'When the deal entered its current stage',
    },
    { ...createdAt, headers: ['opened', 'open date', ...createdAt.headers, '立项日期', '开始日期'] },
    {
      key: 'closedAt',
      kind: 'date',
      headers: [
        'closed',
        'closed date',
        'close date',
        'won date',
        'win date',
        'lost date',
        'date closed',
        'closing date',
        '关闭日期',
        '成交日期',
        '结束日期',
        '签约日期',
        '赢单日期',
        '输单日期',
        '结单日期',
        '结案日期',
        '实际成交日期',
      ],
      help: 'When a won/lost deal closed; for open deals it is taken as the expected close date',
    },
    {
      key: 'expectedCloseDate',
      kind: 'date',
      headers: [
        'expected close',
        'expected close date',
        'expected closing',
        '预计成交日期',
        '预计签约日期',
        '预计关闭日期',
      ],
      help: 'Expected close date of open deals',
    },
    {
      key: 'closeReason',
      kind: 'text',
      max: 2000,
      headers: [
        'close reason',
        'reason',
        'loss reason',
        'win reason',
        'win/loss reason',
        '原因',
        '输赢原因',
        '丢单原因',
        '赢单原因',
      ],
      help: 'Why it was won or lost',
    },
    {
      key: 'forecastCategory',
      kind: 'enum',
      values: FORECAST,
      headers: ['forecast category', 'forecast', '预测类别', '预测'],
      help: 'pipeline, best_case, commit, closed or omitted (default from the status)',
    },
    {
      key: 'product',
      kind: 'ref',
      ref: 'product',
      headers: ['product', 'product name', '产品', '产品名称'],
      help: 'One product, as a line item worth the amount (created with --create-missing)',
    },
    {
      key: 'nextStep',
      kind: 'text',
      max: 2000,
      headers: ['next step', 'next action', '下一步', '下一步计划'],
      help: 'Next step',
    },
    {
      key: 'competitor',
      kind: 'text',
      max: 200,
      headers: ['competitor', 'competition', '竞争对手', '竞品'],
      help: 'Main competitor',
    },
    {
      key: 'keyNeed',
      kind: 'text',
      max: 5000,
      headers: ['key need', 'need', 'pain', 'requirement', '关键需求', '需求', '痛点'],
      help: 'The customer’s key need',
    },
    {
      ...externalId,
      headers: ['deal id', 'opportunity id', 'project id', '商机编号', '项目编号', ...externalId.headers],
    },
  ],
  activities: [
    {
      key: 'subject',
      kind: 'text',
      required: true,
      max: 200,
      headers: ['subject', 'title', 'activity', 'summary', '主题', '标题', '活动', '事项'],
      help: 'Subject',
    },
    {
      key: 'type',
      kind: 'enum',
      required: true,
      values: {
        visit: ['visit', 'on-site visit', 'site visit', '拜访', '客户拜访', '上门'],
        call: ['call', 'phone', 'phone call', '电话', '致电'],
        meeting: ['meeting', '会议', '开会'],
        demo: ['demo', 'presentation', '演示', '产品演示'],
        email: ['email', 'e-mail', 'mail', '邮件'],
        task: ['task', 'todo', 'to-do', '任务', '待办'],
      },
      headers: ['type', 'activity type', 'kind', '类型', '活动类型', '方式'],
      help: 'visit, call, meeting, demo, email or task',
    },
    {
      key: 'status',
      kind: 'enum',
      values: {
        planned: ['planned', 'scheduled', 'open', '计划', '计划中', '待办'],
        done: ['done', 'completed', 'complete', 'held', '完成', '已完成'],
        cancelled: ['cancelled', 'canceled', '取消', '已取消'],
      },
      headers: ['status', '状态'],
      help: 'planned, done or cancelled (default: done when in the past)',
    },
    {
      key: 'startAt',
      kind: 'timestamp',
      headers: [
        'date',
        'start',
        'start time',
        'when',
        'due date',
        'activity date',
        '日期',
        '时间',
        '开始时间',
        '活动日期',
      ],
      help: 'When',
    },
    {
      key: 'durationMinutes',
      kind: 'integer',
      headers: ['duration', 'minutes', 'duration minutes', '时长', '分钟'],
      help: 'Minutes',
    },
    owner,
    {
      key: 'account',
      kind: 'ref',
      ref: 'account',
      headers: ['account', 'company', 'customer', '客户', '公司'],
      help: 'The account, by name',
    },
    {
      key: 'opportunity',
      kind: 'ref',
      ref: 'opportunity',
      headers: ['deal', 'opportunity', 'project', 'deal id', '商机', '项目'],
      help: 'The deal, by external id or name',
    },
    {
      key: 'goal',
      kind: 'text',
      max: 2000,
      headers: ['goal', 'objective', 'purpose', '目标', '目的'],
      help: 'Goal',
    },
    {
      key: 'outcome',
      kind: 'text',
      max: 2000,
      headers: ['outcome', 'result', '结果', '成果'],
      help: 'Outcome',
    },
    {
      key: 'notes',
      kind: 'text',
      max: 20000,
      headers: ['notes', 'note', 'description', 'comments', '备注', '说明', '描述', '记录'],
      help: 'Notes',
    },
    externalId,
  ],
};

export function entitySpec(entity: ImportEntity): EntitySpec {
  return { name: entity, fields: SPECS[entity] };
}

export function fieldSpec(entity: ImportEntity, key: string): FieldSpec | undefined {
  return SPECS[entity].find((f) => f.key === key);
}
