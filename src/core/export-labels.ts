// What exports write for coded values, in each language, and how the language of an export is chosen.
// The labels are the web app's (src/web/i18n); a unit test keeps the two the same.

export type ExportLang = 'en' | 'zh-CN';
export const EXPORT_LANGS: readonly ExportLang[] = ['en', 'zh-CN'];

type Labels = Record<string, { en: string; zh: string }>;

export const ENUM_LABELS = {
  tier: {
    strategic: { en: 'Strategic', zh: '战略客户' },
    key: { en: 'Key', zh: '重点客户' },
    growth: { en: 'Growth', zh: '成长客户' },
    standard: { en: 'Standard', zh: '普通客户' },
  },
  size: {
    '1-49': { en: '1–49 staff', zh: '1–49 人' },
    '50-249': { en: '50–249 staff', zh: '50–249 人' },
    '250-999': { en: '250–999 staff', zh: '250–999 人' },
    '1000-4999': { en: '1,000–4,999 staff', zh: '1000–4999 人' },
    '5000+': { en: '5,000+ staff', zh: '5000 人以上' },
  },
  status: {
    open: { en: 'Open', zh: '进行中' },
    won: { en: 'Won', zh: '赢单' },
    lost: { en: 'Lost', zh: '输单' },
    no_decision: { en: 'No decision', zh: '客户未决策' },
  },
  forecast: {
    pipeline: { en: 'Pipeline', zh: '漏斗中' },
    best_case: { en: 'Best case', zh: '最佳情况' },
    commit: { en: 'Commit', zh: '承诺' },
    closed: { en: 'Closed', zh: '已成交' },
    omitted: { en: 'Omitted', zh: '不计入' },
  },
  activityType: {
    visit: { en: 'Visit', zh: '拜访' },
    call: { en: 'Call', zh: '电话' },
    meeting: { en: 'Meeting', zh: '会议' },
    demo: { en: 'Demo', zh: '演示' },
    email: { en: 'E-mail', zh: '邮件' },
    task: { en: 'Task', zh: '任务' },
  },
  activityStatus: {
    planned: { en: 'Planned', zh: '已计划' },
    done: { en: 'Done', zh: '已完成' },
    cancelled: { en: 'Cancelled', zh: '已取消' },
  },
  role: {
    admin: { en: 'Admin', zh: '管理员' },
    manager: { en: 'Sales manager', zh: '销售经理' },
    rep: { en: 'Sales rep', zh: '销售代表' },
    presales: { en: 'Presales', zh: '售前' },
    enablement: { en: 'Enablement', zh: '培训' },
    viewer: { en: 'Viewer', zh: '只读' },
  },
  userStatus: {
    active: { en: 'Active', zh: '启用' },
    deactivated: { en: 'Deactivated', zh: '已停用' },
  },
  buyingRole: {
    decision_maker: { en: 'Decision maker', zh: '关键决策人' },
    economic_buyer: { en: 'Economic buyer', zh: '经济决策人' },
    technical_evaluator: { en: 'Technical evaluator', zh: '技术评估人' },
    user: { en: 'User', zh: '使用者' },
    coach: { en: 'Coach (insider)', zh: '线人（教练）' },
    gatekeeper: { en: 'Gatekeeper', zh: '把关人' },
  },
  attitude: {
    supporter: { en: 'Supporter', zh: '支持' },
    neutral: { en: 'Neutral', zh: '中立' },
    opponent: { en: 'Opponent', zh: '反对' },
  },
  funnel: {
    searching: { en: 'Searching', zh: '寻找中' },
    in_funnel: { en: 'In the funnel', zh: '漏斗中' },
    best: { en: 'Best few', zh: '优选' },
  },
  criterionKind: {
    checkbox: { en: 'Checkbox', zh: '勾选项' },
    document: { en: 'Document', zh: '文档' },
    stakeholder: { en: 'Stakeholder', zh: '关键人' },
    activity: { en: 'Activity', zh: '活动' },
    field: { en: 'Field', zh: '字段' },
  },
  locale: {
    en: { en: 'English', zh: '英文' },
    'zh-CN': { en: 'Chinese (Simplified)', zh: '简体中文' },
  },
  boolean: {
    true: { en: 'Yes', zh: '是' },
    false: { en: 'No', zh: '否' },
  },
} satisfies Record<string, Labels>;

export type EnumName = keyof typeof ENUM_LABELS;

/** The label of a coded value in a language (the code itself when it has none). */
export function enumLabel(name: EnumName, code: string, lang: ExportLang): string {
  const entry = (ENUM_LABELS[name] as Labels)[code];
  if (!entry) return code;
  return lang === 'zh-CN' ? entry.zh : entry.en;
}

/**
 * The export language from an Accept-Language header: the supported language with the highest q
 * (any `zh` variant counts as zh-CN), or undefined when the header names neither.
 */
export function langFromAcceptLanguage(header: string | undefined): ExportLang | undefined {
  if (!header) return undefined;
  let best: { lang: ExportLang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.trim().toLowerCase().split('-')[0];
    const lang: ExportLang | undefined = primary === 'zh' ? 'zh-CN' : primary === 'en' ? 'en' : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang;
}
