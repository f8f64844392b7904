// What an empty dashboard card says when the reason is not simply "no deals": pure, so it is tested.
import type { TFunction } from 'i18next';
import type { ForecastFigures, QuotaRow, VelocityRow } from '../../../core/analytics/model.ts';

/**
 * What an empty team roll-up means to someone without org-wide visibility: the server shows a team only to
 * whoever sees all of it (the teams they manage), so a rep, or a manager of nothing, has no team rows.
 * Said only when they do have figures (`hasFigures`: the total, which "Per: Rep" would show as rows); with
 * nothing in the period at all the card says so, as any empty card does. Shared by quota and forecast.
 */
export function teamRowsEmpty(
  groupBy: 'owner' | 'team',
  role: string,
  hasFigures: boolean,
  t: TFunction,
): { title: string; text: string } | undefined {
  const orgWide = role === 'admin' || role === 'viewer' || role === 'enablement';
  return groupBy === 'team' && !orgWide && hasFigures
    ? { title: t('insights.noDataTitle'), text: t('insights.noTeamRowsText') }
    : undefined;
}

/** Whether a quota total has anything a row would show (the server keeps the same rows). */
export const quotaHasFigures = (f: Pick<QuotaRow, 'quota' | 'won' | 'openPipeline'>) =>
  f.quota > 0 || f.won > 0 || f.openPipeline > 0;

/** Whether a forecast total has anything a row would show (the server keeps the same rows). */
export const forecastHasFigures = (f: Pick<ForecastFigures, 'deals' | 'closed'>) =>
  f.deals > 0 || f.closed > 0;

/**
 * Whether the velocity chart has a bar to draw: velocity needs deals won in the range, so with open deals
 * but no wins every figure is empty and the chart would be bare axes.
 */
export const hasVelocityBars = (rows: readonly Pick<VelocityRow, 'velocityPerDay'>[]) =>
  rows.some((r) => r.velocityPerDay !== null);
