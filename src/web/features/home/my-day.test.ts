import { describe, expect, it } from 'vitest';
import { attentionWarnings, closeDatePassed, overdueCount } from './my-day.ts';

describe('overdueCount', () => {
  const now = new Date('2026-03-05T06:00:00Z'); // 14:00 in Shanghai
  const tz = 'Asia/Shanghai';
  const act = (id: string, type: string, startAt: string, status = 'planned') => ({
    id,
    type,
    status,
    startAt,
  });

  it('counts what the activity badge calls overdue, and nothing else', () => {
    const items = [
      act('task-today', 'task', '2026-03-05T01:00:00Z'), // due today, 09:00: not overdue
      act('task-yesterday', 'task', '2026-03-04T01:00:00Z'), // due yesterday: overdue
      act('visit-morning', 'visit', '2026-03-05T01:00:00Z'), // 09:00 today, no outcome yet: overdue
      act('call-soon', 'call', '2026-03-05T05:30:00Z'), // started half an hour ago: not yet
      act('visit-done', 'visit', '2026-03-04T01:00:00Z', 'done'),
    ];
    expect(overdueCount(items, now, tz)).toBe(2);
  });

  it('counts an activity once when both of My day’s lists hold it', () => {
    const a = act('v', 'visit', '2026-03-04T16:00:00Z');
    expect(overdueCount([a, a], now, tz)).toBe(1);
  });
});

describe('attentionWarnings', () => {
  const w = (code: string, severity: 'info' | 'warning' | 'critical') => ({ code, severity });

  it('names the passed close date even when other warnings come first', () => {
    // The health engine's order: stuck and no activity come before the close date.
    const warnings = [w('stuck', 'warning'), w('no_activity', 'warning'), w('close_date_passed', 'critical')];
    expect(attentionWarnings(warnings).map((x) => x.code)).toEqual(['close_date_passed', 'stuck']);
  });

  it('keeps it among two more severe warnings', () => {
    const warnings = [
      w('evidence_gap', 'critical'),
      w('stuck', 'critical'),
      w('close_date_passed', 'critical'),
      w('no_coach', 'warning'),
    ];
    expect(attentionWarnings(warnings).map((x) => x.code)).toEqual(['evidence_gap', 'close_date_passed']);
  });

  it('shows the most severe first otherwise, in the engine’s order within a severity', () => {
    const warnings = [
      w('no_activity', 'warning'),
      w('single_threaded', 'warning'),
      w('evidence_gap', 'critical'),
    ];
    expect(attentionWarnings(warnings).map((x) => x.code)).toEqual(['evidence_gap', 'no_activity']);
    expect(attentionWarnings([w('no_coach', 'warning')]).map((x) => x.code)).toEqual(['no_coach']);
    expect(attentionWarnings([])).toEqual([]);
  });
});

describe('closeDatePassed', () => {
  const deal = (expectedCloseDate: string | null) => ({
    status: 'open',
    expectedCloseDate,
    nextStep: 'Call',
    updatedAt: '2026-03-01T00:00:00Z',
  });
  it('follows the board: passed from the day after the close date, in the viewer’s day', () => {
    expect(closeDatePassed(deal('2026-03-04'), '2026-03-05')).toBe(true);
    expect(closeDatePassed(deal('2026-03-05'), '2026-03-05')).toBe(false);
    expect(closeDatePassed(deal(null), '2026-03-05')).toBe(false);
    expect(closeDatePassed({ ...deal('2026-01-01'), status: 'won' }, '2026-03-05')).toBe(false);
  });
});
