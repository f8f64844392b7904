import { closeDatePassed, salesToday } from './close-date.ts';
import { criterionMet, evidencedStage } from './milestones.ts';
import { type DealFacts, type Locale, label, type Stage } from './model.ts';

export type Severity = 'info' | 'warning' | 'critical';
export type WarningCode =
  | 'stuck'
  | 'no_activity'
  | 'close_date_passed'
  | 'single_threaded'
  | 'no_coach'
  | 'decision_maker_not_met'
  | 'evidence_gap'
  | 'seller_ahead_of_buyer';

export type HealthWarning = {
  code: WarningCode;
  severity: Severity;
  message: string;
  suggestion: string;
  tools: { label: string; url: string }[];
};
export type Health = { score: number; evidencedStageId: string; warnings: HealthWarning[] };

export const HEALTH_DEFAULTS = { noActivityDays: 14 };
const PENALTY: Record<Severity, number> = { info: 5, warning: 12, critical: 25 };
const DAY = 86_400_000;

/**
 * Whole days from `from` to `to` (a day counts once it has fully passed; never negative). Health ("in stage
 * for 19 days") and the stage history of the same stay both count this way, so they agree.
 */
export function elapsedDays(from: string, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / DAY));
}

type Text = { en: string; zh: string };
const t = (text: Text, locale: Locale) => (locale === 'zh-CN' ? text.zh : text.en);

const SUGGESTIONS: Record<Exclude<WarningCode, 'evidence_gap'>, Text> = {
  stuck: {
    en: 'Agree a concrete next step with the buyer this week, or move the deal back to where the evidence is.',
    zh: '本周与客户约定明确的下一步行动，或将商机退回到有证据支撑的阶段。',
  },
  no_activity: { en: 'Plan a visit or a call with a stakeholder.', zh: '安排一次对关键人的拜访或电话沟通。' },
  close_date_passed: {
    en: 'Re-confirm the decision date with the decision maker and update the close date.',
    zh: '与决策人重新确认决策时间，并更新预计成交日期。',
  },
  single_threaded: {
    en: 'Map the buying team: add the technical evaluator, the economic buyer and a coach.',
    zh: '梳理采购团队：补充技术评估人、经济决策人和线人。',
  },
  no_coach: {
    en: 'Develop an insider (coach) who can guide you through the buying process.',
    zh: '发展一位能指导你推进采购流程的线人（教练）。',
  },
  decision_maker_not_met: {
    en: 'Find the decision maker first and meet them.',
    zh: '先找到关键决策人，并与其取得联系。',
  },
  seller_ahead_of_buyer: {
    en: 'Help the buyer complete their current purchasing step before pushing the sale forward.',
    zh: '先帮助客户完成当前的采购步骤，再推进销售阶段。',
  },
};

/**
 * Deal health: pure rules over a deal's facts and its funnel model. Each warning has a stable code, a
 * severity, an explanation, a suggested next action and the current stage's tools; the score starts at
 * 100 and loses a fixed penalty per warning by severity.
 */
export function dealHealth(
  stages: readonly Stage[],
  facts: DealFacts,
  opts: {
    now: Date;
    locale: Locale;
    noActivityDays?: number;
    /** The sales team's time zone, whose day decides whether the close date passed (default UTC). */
    timeZone?: string;
  },
): Health {
  const { now, locale } = opts;
  const sorted = [...stages].sort((a, b) => a.position - b.position);
  const current = sorted.find((s) => s.id === facts.stageId) ?? sorted[0]!;
  const evidenced = evidencedStage(sorted, facts);
  if (facts.status !== 'open') return { score: 100, evidencedStageId: evidenced.id, warnings: [] };
  const warnings: HealthWarning[] = [];
  const add = (code: WarningCode, severity: Severity, message: Text, suggestion?: string) =>
    warnings.push({
      code,
      severity,
      message: t(message, locale),
      suggestion: suggestion ?? t(SUGGESTIONS[code as Exclude<WarningCode, 'evidence_gap'>], locale),
      tools: current.tools,
    });

  if (evidenced.position < current.position) {
    const gapStage = sorted.find((s) => s.position === evidenced.position)!;
    const firstUnmet = gapStage.criteria.find((c) => !criterionMet(c, facts));
    const hint = firstUnmet
      ? (locale === 'zh-CN' ? firstUnmet.hintZh : firstUnmet.hintEn) || label(firstUnmet, locale)
      : t(SUGGESTIONS.decision_maker_not_met, locale);
    add(
      'evidence_gap',
      'critical',
      {
        en: `Claimed at "${current.nameEn}", but the evidence supports only "${gapStage.nameEn}".`,
        zh: `商机标记在「${current.nameZh}」，但证据仅支持到「${gapStage.nameZh}」。`,
      },
      hint,
    );
  }
  const daysInStage = elapsedDays(facts.stageEnteredAt, now);
  if (daysInStage > current.expectedDays)
    add('stuck', daysInStage > 2 * current.expectedDays ? 'critical' : 'warning', {
      en: `In "${current.nameEn}" for ${daysInStage} days (expected ${current.expectedDays}).`,
      zh: `已在「${current.nameZh}」停留 ${daysInStage} 天（预期 ${current.expectedDays} 天）。`,
    });
  const quietDays = opts.noActivityDays ?? HEALTH_DEFAULTS.noActivityDays;
  const since = facts.lastActivityAt ?? facts.createdAt;
  const idle = elapsedDays(since, now);
  if (idle > quietDays)
    add('no_activity', 'warning', {
      en: facts.lastActivityAt
        ? `No activity for ${idle} days.`
        : `No activity since the deal was created ${idle} days ago.`,
      zh: facts.lastActivityAt
        ? `已有 ${idle} 天没有任何跟进活动。`
        : `商机创建 ${idle} 天以来没有任何跟进活动。`,
    });
  if (
    facts.expectedCloseDate &&
    closeDatePassed(facts.expectedCloseDate, salesToday(now, opts.timeZone ?? 'UTC'))
  )
    add('close_date_passed', 'critical', {
      en: `The expected close date, ${calendarDate(facts.expectedCloseDate, 'en')}, has passed.`,
      zh: `预计成交日期（${calendarDate(facts.expectedCloseDate, 'zh-CN')}）已过。`,
    });
  const contacts = new Set(facts.stakeholders.map((s) => s.contactId));
  if (current.position >= 2 && contacts.size <= 1)
    add('single_threaded', 'warning', {
      en:
        contacts.size === 0
          ? 'No stakeholder is mapped on this deal.'
          : 'Only one contact on this deal (single-threaded).',
      zh: contacts.size === 0 ? '该商机尚未梳理任何关键人。' : '该商机只对接了一位联系人（单线联系）。',
    });
  if (current.position >= 2 && !facts.stakeholders.some((s) => s.role === 'coach'))
    add('no_coach', 'warning', { en: 'No coach (insider) on this deal.', zh: '该商机还没有线人。' });
  if (current.position >= 3 && !facts.stakeholders.some((s) => s.role === 'decision_maker' && s.met))
    add('decision_maker_not_met', 'critical', {
      en: 'The decision maker has not been met.',
      zh: '尚未见到关键决策人。',
    });
  if (facts.buyerStep !== null && current.position > facts.buyerStep) {
    const buyer = sorted.find((s) => s.position === facts.buyerStep);
    add('seller_ahead_of_buyer', 'warning', {
      en: `The sale is at step ${current.position} but the buyer is at step ${facts.buyerStep}${buyer ? ` ("${buyer.nameEn}")` : ''}.`,
      zh: `我方销售进程已到第 ${current.position} 步，但客户仍处于第 ${facts.buyerStep} 步${buyer ? `（${buyer.nameZh}）` : ''}。`,
    });
  }
  const score = Math.max(0, 100 - warnings.reduce((s, w) => s + PENALTY[w.severity], 0));
  return { score, evidencedStageId: evidenced.id, warnings };
}

/** A calendar day (`2026-11-18`) as the app shows dates: `Nov 18, 2026` / `2026年11月18日`. */
function calendarDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}
