import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { forecastHasFigures, hasVelocityBars, quotaHasFigures, teamRowsEmpty } from './emptyState.ts';

/** Answers the key itself, so the test sees which wording the card would use. */
const t = ((key: string) => key) as unknown as TFunction;
const hint = { title: 'insights.noDataTitle', text: 'insights.noTeamRowsText' };

describe('teamRowsEmpty', () => {
  it('explains missing team rows to a manager who has figures of their own', () => {
    expect(teamRowsEmpty('team', 'manager', true, t)).toEqual(hint);
    expect(teamRowsEmpty('team', 'rep', true, t)).toEqual(hint);
  });

  it('leaves the plain "no deals" wording when there is nothing in the period at all', () => {
    expect(teamRowsEmpty('team', 'manager', false, t)).toBeUndefined();
    expect(teamRowsEmpty('team', 'rep', false, t)).toBeUndefined();
  });

  it('never for rows per rep, nor for those who see the whole organization', () => {
    expect(teamRowsEmpty('owner', 'manager', true, t)).toBeUndefined();
    for (const role of ['admin', 'viewer', 'enablement'])
      expect(teamRowsEmpty('team', role, true, t)).toBeUndefined();
  });
});

describe('whether a total has figures', () => {
  it('quota: a quota, a win or open pipeline', () => {
    expect(quotaHasFigures({ quota: 0, won: 0, openPipeline: 0 })).toBe(false);
    expect(quotaHasFigures({ quota: 5000, won: 0, openPipeline: 0 })).toBe(true);
    expect(quotaHasFigures({ quota: 0, won: 10, openPipeline: 0 })).toBe(true);
    expect(quotaHasFigures({ quota: 0, won: 0, openPipeline: 10 })).toBe(true);
  });

  it('forecast: an open deal in the period or a win', () => {
    expect(forecastHasFigures({ deals: 0, closed: 0 })).toBe(false);
    expect(forecastHasFigures({ deals: 1, closed: 0 })).toBe(true);
    expect(forecastHasFigures({ deals: 0, closed: 900 })).toBe(true);
  });
});

describe('hasVelocityBars', () => {
  it('is false when no group has a velocity (open deals, nothing won in the range) or there are no groups', () => {
    expect(hasVelocityBars([])).toBe(false);
    expect(hasVelocityBars([{ velocityPerDay: null }, { velocityPerDay: null }])).toBe(false);
  });

  it('is true as soon as one group has one, zero included', () => {
    expect(hasVelocityBars([{ velocityPerDay: null }, { velocityPerDay: 0 }])).toBe(true);
    expect(hasVelocityBars([{ velocityPerDay: 1234.5 }])).toBe(true);
  });
});
