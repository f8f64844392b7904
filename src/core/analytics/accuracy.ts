/**
 * Forecast accuracy: how close a forecast of a period came to what was won in it. The one definition,
 * used by the server's accuracy report and described in the app's help text.
 */
import type { Period } from './periods.ts';

/**
 * 1 − |forecast − actual| ÷ max(forecast, actual), in 0..1: 1 when the forecast was exact, 0 when it was
 * off by all of the larger figure (a call with nothing won, or wins against a call of nothing).
 *
 * Divided by the larger figure rather than by the actual, so that over-calling is bounded as under-calling
 * is: against the actual, a call of 1.9× what was won scored −90%, and one of 3× scored −200% — numbers
 * nobody can read as an accuracy. The score is symmetric in the two figures and falls evenly with the
 * relative gap between them. null when both are 0 (nothing called, nothing won: nothing to score).
 * Amounts are never negative; the clamp only keeps a stray one from leaving 0..1.
 */
export function accuracyScore(forecast: number, actual: number): number | null {
  const larger = Math.max(forecast, actual);
  if (!(larger > 0)) return null;
  return Math.min(1, Math.max(0, 1 - Math.abs(forecast - actual) / larger));
}

/**
 * Whether a period is over on a given day (UTC): only then is what was won in it final. Before, the
 * "actual" is what was won so far, and scoring a forecast of the whole period against a few days of it
 * says nothing about the forecast.
 */
export function periodEnded(period: Pick<Period, 'end'>, now: Date): boolean {
  return period.end < now.toISOString().slice(0, 10);
}
