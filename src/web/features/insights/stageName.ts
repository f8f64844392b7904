// The name of a stage in the funnel and time-in-stage charts and tables, and in the deal list's drill-down
// from them: a plain function (no React, no Mantine) so a unit test can hold both languages' wording.

/** `retiredAt` may be absent: the web's pipeline stages (lib/types.ts `Stage`) have it optional. */
export type InsightStage = { position: number; nameEn: string; nameZh: string; retiredAt?: string | null };

/**
 * "2. Demo", or "2. Demo (retired)" for a retired stage: its history still counts in these figures, so its
 * row stays, and the mark says why no new deal will reach it. `retired` words the mark in the reader's
 * language (insights.retiredStage). The name is chosen as stageLabel (components/display.tsx) does.
 */
export function insightStageName(s: InsightStage, lang: string, retired: (stage: string) => string): string {
  const name = lang.startsWith('zh') ? s.nameZh : s.nameEn;
  return `${s.position}. ${s.retiredAt ? retired(name) : name}`;
}
