/**
 * What an import can say is wrong with a row, as a stable code with parameters, and its wording in each
 * language Winpath speaks. The server stores the code and parameters with each problem, so the wizard
 * and the downloadable error report speak the user's language; the English text is also kept as the
 * problem's `message` for the CLI and API clients that only read text.
 */

import { ENUM_LABELS } from '../export-labels.ts';
import { fieldErrorWording } from '../field-errors.ts';
import { fill, type Language, type Params, type Terms, type Wording } from '../wording.ts';

const CATALOGUE = {
  required: fieldErrorWording('required'),
  tooManyCells: {
    en: 'the row has {cells} cells, the header {width}',
    'zh-CN': '此行有 {cells} 个单元格，表头只有 {width} 列',
  },
  maxChars: { en: 'at most {max} characters', 'zh-CN': '最多 {max} 个字符' },
  email: fieldErrorWording('email'),
  unknownValue: {
    en: 'unknown value; map it in "values" to one of {allowed}',
    'zh-CN': '无法识别的值；请在值映射中把它对应到以下之一：{allowed}',
  },
  negative: { en: 'must not be negative', 'zh-CN': '不能为负数' },
  tooLarge: { en: 'too large', 'zh-CN': '数值过大' },
  currency: fieldErrorWording('currency'),
  date: { en: 'a date', 'zh-CN': '应为日期' },
  dateAuto: {
    en: 'a date such as 2017-03-01, 3/1/2017 or 2017年3月1日',
    'zh-CN': '应为日期，如 2017-03-01、3/1/2017 或 2017年3月1日',
  },
  dateAs: { en: 'a date as {format}', 'zh-CN': '应为 {format} 格式的日期' },
  excelDate: { en: 'an Excel date number such as 42795', 'zh-CN': '应为 Excel 日期序号，如 42795' },
  notCalendarDate: { en: '{date} is not a calendar date', 'zh-CN': '{date} 不是有效的日期' },
  timeAfterDate: { en: 'a time such as 13:05 after the date', 'zh-CN': '日期后应为时间，如 13:05' },
  hour12: {
    en: 'an hour between 1 and 12 with AM/PM',
    'zh-CN': '带上午/下午（AM/PM）时，小时应在 1 到 12 之间',
  },
  timeOfDay: { en: 'a valid time of day', 'zh-CN': '应为有效的时刻' },
  amount: { en: 'an amount', 'zh-CN': '应为金额' },
  amountExample: {
    en: 'an amount such as 1234.56 or ¥1,234.00',
    'zh-CN': '应为金额，如 1234.56 或 ¥1,234.00',
  },
  amountSimple: { en: 'an amount such as 1234.56', 'zh-CN': '应为金额，如 1234.56' },
  oneDecimalMark: {
    en: 'an amount with one decimal mark ({mark})',
    'zh-CN': '金额只能有一个小数点（{mark}）',
  },
  thousandsGrouping: {
    en: 'an amount with thousands grouped by three digits',
    'zh-CN': '金额的千位分隔符应每三位一组',
  },
  wholeNumber: { en: 'a whole number', 'zh-CN': '应为整数' },
  yesNo: { en: 'yes or no', 'zh-CN': '应为“是”或“否”' },
  durationRange: { en: 'between 0 and 10080 minutes', 'zh-CN': '应在 0 到 10080 分钟之间' },
  refMissing: { en: 'no {kind} matches "{value}"', 'zh-CN': '没有与“{value}”匹配的{kind}' },
  refMissingCreatable: {
    en: 'no {kind} matches "{value}" ({createHint} to create it)',
    'zh-CN': '没有与“{value}”匹配的{kind}（{createHint}即可创建）',
  },
  refAmbiguous: {
    en: 'several {kinds} match "{value}"; use a unique name',
    'zh-CN': '有多个{kind}与“{value}”匹配；请使用唯一的名称',
  },
  noUserWithEmail: {
    en: 'no user has the e-mail {email} (invite them first)',
    'zh-CN': '没有邮箱为 {email} 的用户（请先邀请该用户）',
  },
  managerLeadsNoTeam: {
    en: 'this manager leads no team: map a team column, or {createHint} to create one',
    'zh-CN': '此经理没有负责的团队：请映射团队列，或{createHint}来创建',
  },
  noDefaultPipeline: {
    en: 'the organization has no default pipeline; map a pipeline column',
    'zh-CN': '组织没有默认的销售流程；请映射流程列',
  },
  unknownStage: {
    en: 'no stage "{value}" in the pipeline (stages: {stages})',
    'zh-CN': '流程中没有阶段“{value}”（阶段：{stagesZh}）',
  },
  stageRetired: {
    en: 'the stage "{stage}" is retired: it takes no open deals (import the deal into an active stage)',
    'zh-CN': '阶段“{stageZh}”已停用，不能放入进行中的商机（请导入到启用的阶段）',
  },
  stageRetiredMeanwhile: {
    en: 'the stage was retired, or the deal left it, while the import ran: a retired stage takes no open deals (import the deal into an active stage)',
    'zh-CN': '导入期间该阶段已停用或商机已移出该阶段：已停用的阶段不能放入进行中的商机（请导入到启用的阶段）',
  },
  closedNeedsDate: { en: 'a {status} deal needs its close date', 'zh-CN': '{status}的商机需要结案日期' },
  closedBeforeCreated: {
    en: 'closed before it was created ({created})',
    'zh-CN': '结案日期早于创建日期（{created}）',
  },
  enteredBeforeCreated: {
    en: 'before the deal was created ({created})',
    'zh-CN': '早于商机的创建日期（{created}）',
  },
  closedInFuture: {
    en: 'a {status} deal cannot have closed in the future ({date} is after the import day)',
    'zh-CN': '{status}的商机结案日期不能晚于导入当天（{date}）',
  },
  closedFromExpectedInFuture: {
    en: 'a {status} deal needs the day it closed: the row has no close date, and its expected close date {date} is after the import day',
    'zh-CN': '{status}的商机需要实际结案日期：此行没有结案日期，而预计成交日期 {date} 晚于导入当天',
  },
  enteredAfterClosed: { en: 'after the deal closed', 'zh-CN': '晚于商机的结案日期' },
  sameExternalId: { en: 'the same external id as row {row}', 'zh-CN': '与第 {row} 行的外部编号相同' },
  duplicateDeal: {
    en: 'possible duplicate: a deal with this name, account and owner already exists; the row was skipped ({duplicateHint})',
    'zh-CN': '疑似重复：已有名称、客户和负责人都相同的商机，此行已跳过（{duplicateHint}）',
  },
  duplicateAccount: {
    en: 'possible duplicate: an account with this name already exists; the row was skipped ({duplicateHint})',
    'zh-CN': '疑似重复：已有同名客户，此行已跳过（{duplicateHint}）',
  },
  duplicateRow: {
    en: 'possible duplicate of row {row} (the same {kind}); the row was skipped ({duplicateHint})',
    'zh-CN': '疑似与第 {row} 行重复（同一{kind}），此行已跳过（{duplicateHint}）',
  },
  deletedExternalId: {
    en: 'the record with this external id is in the recycle bin: restore it first, or change the value',
    'zh-CN': '具有此外部编号的记录在回收站中：请先恢复它，或修改该值',
  },
  deletedEmail: {
    en: 'the record with this e-mail is in the recycle bin: restore it first, or change the value',
    'zh-CN': '具有此邮箱的记录在回收站中：请先恢复它，或修改该值',
  },
  duplicate: {
    en: 'duplicate: another record already has this value ({constraint})',
    'zh-CN': '重复：已有记录使用了此值（{constraint}）',
  },
  missingReference: {
    en: 'refers to a record that does not exist ({constraint})',
    'zh-CN': '引用了不存在的记录（{constraint}）',
  },
  breaksRule: { en: 'breaks the rule {constraint}', 'zh-CN': '违反了规则 {constraint}' },
  database: { en: '{detail}', 'zh-CN': '数据库拒绝了此行：{detail}' },
} as const satisfies Record<string, Wording>;

/**
 * Where a problem is read: the web wizard (and the report it downloads) or the command line. Hints name
 * what the reader can change there: the wizard's checkbox, or the CLI's flag or mapping key.
 */
export const CHANNELS = ['web', 'cli'] as const;
export type Channel = (typeof CHANNELS)[number];

const HINTS: Record<Channel, Record<'createHint' | 'duplicateHint', Wording>> = {
  web: {
    createHint: { en: 'tick "Create missing references"', 'zh-CN': '勾选“自动创建缺失的关联记录”' },
    duplicateHint: {
      en: 'map an external id column to update records instead, or tick "Import possible duplicates too" to create it anyway',
      'zh-CN': '如需更新已有记录请映射外部编号列；确需新建请勾选“疑似重复的记录也导入”',
    },
  },
  cli: {
    createHint: { en: 'add --create-missing', 'zh-CN': '加上 --create-missing 参数' },
    duplicateHint: {
      en: 'map an external id column to update records instead, or set "duplicates": "create" in the mapping to create it anyway',
      'zh-CN': '如需更新已有记录请映射外部编号列；确需新建请在映射文件中设置 "duplicates": "create"',
    },
  },
};

export type ProblemCode = keyof typeof CATALOGUE;
export const PROBLEM_CODES = Object.keys(CATALOGUE) as [ProblemCode, ...ProblemCode[]];
export type ProblemParams = Params;
/** A problem as data: the code and the values its wording names. */
export type Problem = { code: ProblemCode; params?: ProblemParams };

/** Words some parameters stand for: the kind of a reference, a deal's status. */
const TERMS: Terms = {
  kind: {
    user: { en: 'user', 'zh-CN': '用户' },
    team: { en: 'team', 'zh-CN': '团队' },
    account: { en: 'account', 'zh-CN': '客户' },
    contact: { en: 'contact', 'zh-CN': '联系人' },
    product: { en: 'product', 'zh-CN': '产品' },
    opportunity: { en: 'deal', 'zh-CN': '商机' },
    pipeline: { en: 'pipeline', 'zh-CN': '销售流程' },
  },
  status: {
    open: { en: 'open', 'zh-CN': '进行中' },
    won: { en: 'won', 'zh-CN': '赢单' },
    lost: { en: 'lost', 'zh-CN': '输单' },
    no_decision: { en: 'no_decision', 'zh-CN': '客户未决策' },
  },
};

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(CATALOGUE, code);

export const problem = (code: ProblemCode, params?: ProblemParams): Problem =>
  params ? { code, params } : { code };

/**
 * `{allowed}` (the codes a value map may point to) in Chinese: each code after its label, `赢单（won）`,
 * since the code is what the mapping names but the label is what a Chinese user knows. The set of labels
 * is the one whose codes are exactly those listed (a deal's and an activity's `status` differ).
 */
function allowedText(list: string, lang: Language): string {
  if (lang === 'en') return list;
  const codes = list.split(', ');
  const labels = Object.values(ENUM_LABELS).find((set) => {
    const keys = Object.keys(set);
    return keys.length === codes.length && codes.every((c) => Object.hasOwn(set, c));
  }) as Record<string, { zh: string }> | undefined;
  return codes.map((c) => (labels?.[c] ? `${labels[c].zh}（${c}）` : c)).join('、');
}

/**
 * The problem in words: its wording with the parameters filled in (`{kinds}`: the plural of `{kind}`;
 * `{stagesZh}`: the stages' Chinese names, or their English ones in problems stored before it existed;
 * `{allowed}`: see allowedText; `{createHint}`, `{duplicateHint}`: what to change, worded for the channel).
 */
export function problemText(p: Problem, lang: Language = 'en', channel: Channel = 'web'): string {
  const wording: Wording = CATALOGUE[p.code];
  const params = p.params ?? {};
  const kinds = (name: string) => {
    if (name === 'createHint' || name === 'duplicateHint') return HINTS[channel][name][lang];
    if (name === 'allowed' && params.allowed !== undefined) return allowedText(String(params.allowed), lang);
    if (name === 'stagesZh' && params.stagesZh === undefined && params.stages !== undefined)
      return String(params.stages);
    if (name !== 'kinds' || params.kind === undefined) return undefined;
    const kind = TERMS.kind?.[String(params.kind)];
    if (lang !== 'en') return kind?.[lang] ?? String(params.kind);
    return `${kind?.en ?? params.kind}s`;
  };
  return fill(wording[lang], params, lang, TERMS, kinds);
}
