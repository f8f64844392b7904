import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dealWarnings } from '../deal-warnings.ts';
import { closeDatePassed, isTimeZone, salesToday } from './close-date.ts';
import { openDeal } from './facts.fixture.ts';
import { dealHealth } from './health.ts';
import type { DealFacts, Stage } from './model.ts';

const stage: Stage = {
  id: 's1',
  position: 1,
  nameEn: 'Step 1',
  nameZh: '第1步',
  expectedDays: 365,
  funnelState: 'searching',
  tools: [],
  criteria: [],
};
const deal = (expectedCloseDate: string): DealFacts =>
  openDeal({
    expectedCloseDate,
    createdAt: '2026-03-01T00:00:00Z',
    stageEnteredAt: '2026-03-01T00:00:00Z',
    lastActivityAt: '2026-03-09T00:00:00Z',
  });
/** The server's answer (deal health) and the board's (its card warnings) for one viewer. */
const server = (closeDate: string, now: Date, timeZone: string) =>
  dealHealth([stage], deal(closeDate), { now, locale: 'en', timeZone }).warnings.some(
    (w) => w.code === 'close_date_passed',
  );
const board = (closeDate: string, now: Date, timeZone: string) =>
  dealWarnings(
    { expectedCloseDate: closeDate, nextStep: 'x', updatedAt: now.toISOString() },
    salesToday(now, timeZone),
    now,
  ).includes('close_date_passed');

describe('close date passed', () => {
  const ny = 'America/New_York';
  it('is not passed at 23:30 local on the day itself, though UTC is already tomorrow', () => {
    const lateEvening = new Date('2026-03-11T03:30:00Z'); // 23:30 on 10 March in New York (EDT)
    expect(salesToday(lateEvening, ny)).toBe('2026-03-10');
    expect(lateEvening.toISOString().slice(0, 10)).toBe('2026-03-11');
    expect(closeDatePassed('2026-03-10', salesToday(lateEvening, ny))).toBe(false);
    expect(server('2026-03-10', lateEvening, ny)).toBe(false);
    expect(board('2026-03-10', lateEvening, ny)).toBe(false);
  });

  it('is passed the next local day', () => {
    const nextMorning = new Date('2026-03-11T04:30:00Z'); // 00:30 on 11 March in New York
    expect(closeDatePassed('2026-03-10', salesToday(nextMorning, ny))).toBe(true);
    expect(server('2026-03-10', nextMorning, ny)).toBe(true);
    expect(board('2026-03-10', nextMorning, ny)).toBe(true);
  });

  it('turns at local midnight east of UTC too, not at 08:00 in Shanghai', () => {
    const sh = 'Asia/Shanghai';
    expect(server('2026-03-10', new Date('2026-03-10T16:30:00Z'), sh)).toBe(true); // 00:30 on 11 March
    expect(server('2026-03-10', new Date('2026-03-10T15:30:00Z'), sh)).toBe(false); // 23:30 on 10 March
  });

  it('reads the UTC day when the server is given no time zone (API clients that send none)', () => {
    const h = dealHealth([stage], deal('2026-03-10'), {
      now: new Date('2026-03-11T03:30:00Z'),
      locale: 'en',
    });
    expect(h.warnings.map((w) => w.code)).toContain('close_date_passed');
  });

  it('gives the server and the board the same answer for any instant, date and zone', () => {
    const zones = ['UTC', ny, 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata'];
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 86_400 }),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom(...zones),
        (seconds, offsetDays, tz) => {
          const now = new Date(start + seconds * 1000);
          const local = salesToday(now, tz);
          const d = new Date(`${local}T12:00:00Z`);
          d.setUTCDate(d.getUTCDate() + offsetDays);
          const closeDate = d.toISOString().slice(0, 10);
          expect(server(closeDate, now, tz)).toBe(offsetDays < 0);
          expect(board(closeDate, now, tz)).toBe(offsetDays < 0);
        },
      ),
    );
  });

  it('has no close date to pass without one, and knows time zones', () => {
    expect(closeDatePassed(null, '2026-03-10')).toBe(false);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
