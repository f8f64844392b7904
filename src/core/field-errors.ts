/**
 * What is wrong with one field of a request, as a stable code with parameters, worded in each language
 * Winpath speaks. The API answers every field error with its `code`, `params` and the English `message`
 * (for clients that only read text); the web words the code in the user's language. Validation of the
 * request shape (zod), the database's refusals and the services' own rules all answer from here.
 */
import { fill, type Language, type Params, type Terms, type Wording } from './wording.ts';

const CATALOGUE = {
  // The shape of a request.
  required: { en: 'required', 'zh-CN': '必填' },
  invalid: { en: 'invalid value', 'zh-CN': '值无效' },
  expected: { en: 'expected {expected}', 'zh-CN': '应为{expected}' },
  too_short: { en: 'at least {minimum} characters', 'zh-CN': '至少 {minimum} 个字符' },
  too_long: { en: 'at most {maximum} characters', 'zh-CN': '最多 {maximum} 个字符' },
  too_small: { en: 'at least {minimum}', 'zh-CN': '不能小于 {minimum}' },
  not_above: { en: 'must be more than {minimum}', 'zh-CN': '必须大于 {minimum}' },
  too_large: { en: 'at most {maximum}', 'zh-CN': '不能大于 {maximum}' },
  not_below: { en: 'must be less than {maximum}', 'zh-CN': '必须小于 {maximum}' },
  too_few: { en: 'at least {minimum} items', 'zh-CN': '至少 {minimum} 项' },
  too_many: { en: 'at most {maximum} items', 'zh-CN': '最多 {maximum} 项' },
  length: { en: 'exactly {length} characters', 'zh-CN': '应为 {length} 个字符' },
  multiple_of: { en: 'a multiple of {divisor}', 'zh-CN': '应为 {divisor} 的整数倍' },
  email: { en: 'an e-mail address', 'zh-CN': '应为邮箱地址' },
  url: { en: 'a web address such as https://example.com', 'zh-CN': '应为网址，如 https://example.com' },
  link: {
    en: 'a web address (https://…), an e-mail link (mailto:…) or an address in Winpath (/tools/…)',
    'zh-CN': '应为网址（https://…）、邮件链接（mailto:…）或 Winpath 内的地址（/tools/…）',
  },
  id: { en: 'not a record id', 'zh-CN': '不是有效的记录 ID' },
  date: { en: 'a date such as 2026-03-01', 'zh-CN': '应为日期，如 2026-03-01' },
  datetime: {
    en: 'a date and time such as 2026-03-01T09:30:00Z',
    'zh-CN': '应为日期时间，如 2026-03-01T09:30:00Z',
  },
  format: { en: 'wrong format', 'zh-CN': '格式不正确' },
  money: {
    en: 'an amount of 0 or more, with at most two decimals',
    'zh-CN': '应为不小于 0 的金额，最多两位小数',
  },
  currency: { en: 'a currency code such as CNY or USD', 'zh-CN': '应为币种代码，如 CNY 或 USD' },
  month: { en: 'a month such as 2026-11', 'zh-CN': '应为月份，如 2026-11' },
  period: {
    en: 'a month (2026-11) or a quarter (2026-Q4)',
    'zh-CN': '应为月份（2026-11）或季度（2026-Q4）',
  },
  base64: { en: 'base64-encoded content', 'zh-CN': '应为 base64 编码的内容' },
  one_of: { en: 'must be one of {values}', 'zh-CN': '应为以下之一：{values}' },
  unknown_property: { en: 'unknown property', 'zh-CN': '无法识别的属性' },
  nothing_to_change: { en: 'send at least one field to change', 'zh-CN': '请至少提交一个要修改的字段' },
  bad_cursor: { en: 'not a cursor of this list', 'zh-CN': '不是此列表的分页游标' },
  not_before: { en: 'must not be before {other}', 'zh-CN': '不能早于{other}' },
  not_after: { en: 'must not be after {other}', 'zh-CN': '不能晚于{other}' },

  // The database's refusals.
  in_use: { en: 'already in use', 'zh-CN': '已被占用' },
  unknown_reference: {
    en: 'unknown or still referenced record',
    'zh-CN': '引用的记录不存在，或此记录仍被引用',
  },

  // Rules of the records.
  own_ancestor: {
    en: 'would make the {kind} its own ancestor',
    'zh-CN': '会使该{kind}成为自己的上级',
  },
  duplicate_name: {
    en: 'the name of an existing {kind}',
    'zh-CN': '与已有{kind}重名',
  },
  last_admin: { en: 'last active admin', 'zh-CN': '这是最后一位启用状态的管理员' },
  wrong_password: { en: 'wrong password', 'zh-CN': '密码错误' },
  slug_invalid: {
    en: 'a-z, 0-9 and hyphens (2 to 63 characters)',
    'zh-CN': '只能使用小写字母、数字和连字符（2 到 63 个字符）',
  },
  no_default_pipeline: {
    en: 'the organization has no default pipeline; name one',
    'zh-CN': '组织没有默认的销售流程；请指定一个',
  },
  unknown_pipeline: {
    en: 'unknown pipeline or pipeline without stages',
    'zh-CN': '销售流程不存在或没有阶段',
  },
  unknown_stage: { en: 'unknown stage', 'zh-CN': '阶段不存在' },
  stage_of_other_pipeline: { en: 'not a stage of this pipeline', 'zh-CN': '不是此销售流程的阶段' },
  use_move: { en: 'use the move endpoint', 'zh-CN': '请使用“移动阶段”操作' },
  unknown_product: { en: 'unknown product', 'zh-CN': '产品不存在' },
  unknown_user: { en: 'unknown user', 'zh-CN': '用户不存在' },
  unknown_team: { en: 'unknown team', 'zh-CN': '团队不存在' },
  not_assignable: {
    en: 'not a user you may assign records to',
    'zh-CN': '你不能把记录分配给该用户',
  },
  adjustment_mismatch: {
    en: 'does not match amount minus the system figure; send one of them',
    'zh-CN': '与“金额减去系统数字”不一致；请只提交其中之一',
  },
  call_below_zero: {
    en: 'takes the call below 0: at least {minimum}',
    'zh-CN': '会使预测金额小于 0：不能小于 {minimum}',
  },
  close_reason_required: {
    en: 'say why the deal was lost (or ended without a decision)',
    'zh-CN': '请说明输单（或客户未决策）的原因',
  },
  closed_date_required: { en: 'a closed deal needs its closed date', 'zh-CN': '已结案的商机需要结案日期' },
  back_reason_required: { en: 'moving a deal back needs a reason', 'zh-CN': '退回商机需要说明原因' },
  override_reason_required: { en: 'an override needs a reason', 'zh-CN': '越过关卡需要说明原因' },
  link_required: { en: 'attach the document (a link)', 'zh-CN': '请附上文档（链接）' },
  quota_subject: {
    en: 'name the user or the team the quota is for',
    'zh-CN': '请指定此配额所属的用户或团队',
  },
  quota_exists: {
    en: 'already has a quota for {from} to {to}; edit that one',
    'zh-CN': '在 {from} 至 {to} 已有配额，请修改已有的配额',
  },
  // A person's or team's quotas do not overlap: the other one's period and amount.
  quota_overlaps: {
    en: 'overlaps their quota for {from} to {to} (amount {amount}); change the dates or edit that one',
    'zh-CN': '与其 {from} 至 {to} 的配额（金额 {amount}）重叠，请修改日期或修改那条配额',
  },
  overlaps: { en: "overlaps another record's period", 'zh-CN': '与另一条记录的期间重叠' },
  // A removed stage deals still use: `{stage}` is its name (its Chinese one, `stageZh`, in Chinese). Such a
  // stage can be retired instead (停用), which keeps its history.
  stage_has_deals: {
    en: 'deals still in the stage "{stage}": {deals} ({open} open, {closed} closed); a stage that holds deals cannot be removed, but it can be retired',
    'zh-CN':
      '阶段“{stage}”中还有 {deals} 个商机（{open} 个进行中，{closed} 个已结案），有商机的阶段不能删除，但可以停用',
  },
  stage_in_history: {
    en: 'deals that passed through the stage "{stage}": {deals}; it stays for their stage history and the reports (retire it to stop using it, or rename it)',
    'zh-CN':
      '有 {deals} 个商机经过阶段“{stage}”，为保留商机的阶段历史和分析报表，此阶段不能删除（可以停用或改名）',
  },
  // Stage retirement (src/core/process/retirement.ts).
  stage_retired: {
    en: 'the stage "{stage}" is retired and takes no new deals; choose an active stage',
    'zh-CN': '阶段“{stage}”已停用，不能再放入商机；请选择启用中的阶段',
  },
  stage_has_open_deals: {
    en: 'open deals in the stage "{stage}": {open}; move them to another stage first, then retire it',
    'zh-CN': '阶段“{stage}”中还有 {open} 个进行中的商机；请先把它们移到其他阶段，再停用此阶段',
  },
  last_active_stage: {
    en: 'the stage "{stage}" is the only active stage of its pipeline, where new deals start; it cannot be retired',
    'zh-CN': '阶段“{stage}”是此销售流程中唯一启用的阶段（新商机从这里开始），不能停用',
  },
  no_active_stage: {
    en: 'keep at least one active (not retired) stage: new deals start in the first one',
    'zh-CN': '请至少保留一个启用中（未停用）的阶段：新商机从第一个启用的阶段开始',
  },
  unknown_criterion: { en: 'unknown criterion of this stage', 'zh-CN': '不是此阶段的退出标准' },

  // An import mapping that does not fit its file.
  not_a_field: {
    en: 'not a field of {entity} (fields: {fields})',
    'zh-CN': '不是{entity}的字段（可用字段：{fields}）',
  },
  no_column: {
    en: 'the file has no column "{column}" (columns: {columns})',
    'zh-CN': '文件中没有“{column}”列（现有列：{columns}）',
  },
  column_required: { en: '{field} is required: name its column', 'zh-CN': '{field} 为必填：请选择对应的列' },
} as const satisfies Record<string, Wording>;

/** Words some parameters stand for. */
const TERMS: Terms = {
  expected: {
    string: { en: 'text', 'zh-CN': '文本' },
    number: { en: 'a number', 'zh-CN': '数字' },
    int: { en: 'a whole number', 'zh-CN': '整数' },
    boolean: { en: 'true or false', 'zh-CN': '是或否（true/false）' },
    object: { en: 'an object', 'zh-CN': '对象' },
    array: { en: 'a list', 'zh-CN': '列表' },
    date: { en: 'a date', 'zh-CN': '日期' },
  },
  /** Another field a rule compares with. */
  other: {
    periodStart: { en: 'periodStart', 'zh-CN': '开始日期' },
    to: { en: '`to`', 'zh-CN': '结束月份' },
  },
  kind: {
    team: { en: 'team', 'zh-CN': '团队' },
    account: { en: 'account', 'zh-CN': '客户' },
  },
  entity: {
    users: { en: 'users', 'zh-CN': '用户' },
    teams: { en: 'teams', 'zh-CN': '团队' },
    accounts: { en: 'accounts', 'zh-CN': '客户' },
    contacts: { en: 'contacts', 'zh-CN': '联系人' },
    products: { en: 'products', 'zh-CN': '产品' },
    opportunities: { en: 'opportunities', 'zh-CN': '商机' },
    activities: { en: 'activities', 'zh-CN': '活动' },
  },
};

export type FieldErrorCode = keyof typeof CATALOGUE;
export const FIELD_ERROR_CODES = Object.keys(CATALOGUE) as [FieldErrorCode, ...FieldErrorCode[]];

/** One field's problem: where (`lineItems.0.quantity`), what (code and parameters) and the English text. */
export type FieldError = { path: string; code: FieldErrorCode; params?: Params; message: string };

/** A code's wording in every language (import problems reuse the rules a cell shares with a field). */
export const fieldErrorWording = (code: FieldErrorCode): Wording => CATALOGUE[code];

export const isFieldErrorCode = (code: unknown): code is FieldErrorCode =>
  typeof code === 'string' && Object.hasOwn(CATALOGUE, code);

/**
 * A parameter's own Chinese form, sent beside it as `<name>Zh` (a stage's Chinese name beside its English
 * one), used in Chinese wordings.
 */
const chineseForm = (params: Params, lang: Language) => (name: string) => {
  const zh = params[`${name}Zh`];
  return lang === 'zh-CN' && typeof zh === 'string' && zh.trim() ? zh : undefined;
};

export const fieldErrorText = (code: FieldErrorCode, params: Params = {}, lang: Language = 'en'): string =>
  fill(CATALOGUE[code][lang], params, lang, TERMS, chineseForm(params, lang));

/** A field error, worded in English for the API's `message`. */
export const fieldError = (path: string, code: FieldErrorCode, params?: Params): FieldError => ({
  path,
  code,
  ...(params && { params }),
  message: fieldErrorText(code, params),
});

/**
 * A field error as a client has it, in the language asked for: by its code where this catalogue knows it
 * (a newer server may send codes an older client does not), else the server's English message.
 */
export function fieldErrorWords(
  e: { code?: string; params?: Params; message?: string },
  lang: Language,
): string {
  return isFieldErrorCode(e.code) ? fieldErrorText(e.code, e.params, lang) : (e.message ?? e.code ?? '');
}
