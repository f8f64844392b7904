import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDay, dayStart, isOverdue, OVERDUE_GRACE_MS, overdueCutoffs } from './activity-overdue.ts';

const task = (startAt: string | null, status = 'planned') => ({ type: 'task', status, startAt });
const visit = (startAt: string | null, status = 'planned') => ({ type: 'visit', status, startAt });

describe('calendarDay', () => {
  it('is the day in the given time zone', () => {
    const at = new Date('2026-03-05T17:30:00Z');
    expect(calendarDay(at, 'UTC')).toBe('2026-03-05');
    expect(calendarDay(at, 'Asia/Shanghai')).toBe('2026-03-06');
    expect(calendarDay(at, 'America/Los_Angeles')).toBe('2026-03-05');
  });
});

describe('isOverdue', () => {
  it('does not call a task due today overdue, at any hour of that day', () => {
    // Due today in Shanghai: created the way the Tasks tab does (09:00 local) and at the start of the day.
    const nine = '2026-03-05T01:00:00Z'; // 09:00 in Shanghai
    const midnight = '2026-03-04T16:00:00Z'; // 00:00 in Shanghai
    for (const now of ['2026-03-05T01:00:01Z', '2026-03-05T05:00:00Z', '2026-03-05T15:59:59Z'])
      for (const startAt of [nine, midnight])
        expect(isOverdue(task(startAt), new Date(now), 'Asia/Shanghai'), `${startAt} at ${now}`).toBe(false);
  });

  it('calls a task overdue once its due day has ended in the viewer’s time zone', () => {
    const dueMar5 = '2026-03-05T01:00:00Z'; // 09:00 in Shanghai on 5 March
    expect(isOverdue(task(dueMar5), new Date('2026-03-05T16:00:00Z'), 'Asia/Shanghai')).toBe(true);
    // The same instant is still 5 March in Los Angeles for a task due there on 5 March (09:00 local).
    const dueMar5LA = '2026-03-05T17:00:00Z';
    expect(isOverdue(task(dueMar5LA), new Date('2026-03-06T07:59:00Z'), 'America/Los_Angeles')).toBe(false);
    expect(isOverdue(task(dueMar5LA), new Date('2026-03-06T08:00:00Z'), 'America/Los_Angeles')).toBe(true);
  });

  it('keeps the timed activities’ rule: overdue an hour after they started', () => {
    const start = '2026-03-05T02:00:00Z';
    expect(isOverdue(visit(start), new Date('2026-03-05T02:59:59Z'), 'UTC')).toBe(false);
    expect(isOverdue(visit(start), new Date('2026-03-05T03:00:01Z'), 'UTC')).toBe(true);
    expect(
      isOverdue({ type: 'call', status: 'planned', startAt: start }, new Date('2026-03-05T04:00:00Z')),
    ).toBe(true);
  });

  it('never calls done, cancelled or undated activities overdue', () => {
    const late = new Date('2026-04-01T00:00:00Z');
    expect(isOverdue(task('2026-03-01T01:00:00Z', 'done'), late, 'UTC')).toBe(false);
    expect(isOverdue(visit('2026-03-01T01:00:00Z', 'cancelled'), late, 'UTC')).toBe(false);
    expect(isOverdue(task(null), late, 'UTC')).toBe(false);
    expect(isOverdue(visit('not a date'), late, 'UTC')).toBe(false);
  });
});

describe('dayStart and overdueCutoffs: the rule as two instants a server filter compares with', () => {
  const zones = [
    'UTC',
    'Asia/Shanghai',
    'America/New_York',
    'America/Santiago',
    'Asia/Kolkata',
    'Pacific/Kiritimati',
  ];

  it('starts a day at its local midnight', () => {
    expect(dayStart('2026-03-05', 'Asia/Shanghai').toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(dayStart('2026-03-05', 'UTC').toISOString()).toBe('2026-03-05T00:00:00.000Z');
    // The day New York moves its clocks forward still starts at midnight (the change is at 02:00).
    expect(dayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('cuts tasks at the start of the viewer’s today and timed activities an hour ago', () => {
    const now = new Date('2026-03-05T05:00:00Z'); // 13:00 in Shanghai
    expect(overdueCutoffs(now, 'Asia/Shanghai')).toEqual({
      tasksBefore: new Date('2026-03-04T16:00:00Z'),
      timedBefore: new Date('2026-03-05T04:00:00Z'),
    });
  });

  it('lists "to debrief" exactly what is overdue: no task due later today, no meeting under way', () => {
    const tz = 'Asia/Shanghai';
    const now = new Date('2026-03-05T05:00:00Z'); // 13:00
    const items = [
      { id: 'task-later-today', type: 'task', status: 'planned', startAt: '2026-03-05T09:00:00Z' }, // 17:00
      { id: 'task-this-morning', type: 'task', status: 'planned', startAt: '2026-03-05T01:00:00Z' }, // 09:00
      { id: 'task-yesterday', type: 'task', status: 'planned', startAt: '2026-03-04T01:00:00Z' },
      { id: 'meeting-now', type: 'meeting', status: 'planned', startAt: '2026-03-05T04:30:00Z' }, // 12:30
      { id: 'visit-morning', type: 'visit', status: 'planned', startAt: '2026-03-05T02:00:00Z' }, // 10:00
      { id: 'visit-debriefed', type: 'visit', status: 'done', startAt: '2026-03-05T02:00:00Z' },
    ];
    expect(items.filter((a) => isOverdue(a, now, tz)).map((a) => a.id)).toEqual([
      'task-yesterday',
      'visit-morning',
    ]);
  });

  it('agrees with the calendar-day reading for any start, time and zone (property)', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const instant = fc.integer({ min: 0, max: 400 * 86_400 }).map((s) => new Date(base + s * 1000));
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...zones), (start, now, tz) => {
        const day = calendarDay(start, tz);
        const begins = dayStart(day, tz);
        expect(calendarDay(begins, tz)).toBe(day);
        expect(calendarDay(new Date(begins.getTime() - 1), tz) < day).toBe(true);
        const t = { type: 'task', status: 'planned', startAt: start.toISOString() };
        expect(isOverdue(t, now, tz)).toBe(calendarDay(start, tz) < calendarDay(now, tz));
        const v = { type: 'demo', status: 'planned', startAt: start.toISOString() };
        expect(isOverdue(v, now, tz)).toBe(start.getTime() < now.getTime() - OVERDUE_GRACE_MS);
      }),
      { numRuns: 300 },
    );
  });
});
