// The Activities page's "To debrief" and "Upcoming" tabs are filtered by the server with the shared overdue
// rule (core/activity-overdue.ts): the same activities the overdue badge and My day's count call overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOverdue } from '../../src/core/activity-overdue.ts';
import { api, createTestApp, type SeededOrg, seedOrg, type TestContext } from '../helpers.ts';

let ctx: TestContext;
let org: SeededOrg;
const as = (who: keyof SeededOrg['users']) => api(ctx, org.users[who].token);

// 13:00 in Shanghai on 5 March.
const now = '2026-03-05T05:00:00.000Z';
const items = [
  { subject: 'task later today', type: 'task', status: 'planned', startAt: '2026-03-05T09:00:00.000Z' },
  { subject: 'task this morning', type: 'task', status: 'planned', startAt: '2026-03-05T01:00:00.000Z' },
  { subject: 'task yesterday', type: 'task', status: 'planned', startAt: '2026-03-04T01:00:00.000Z' },
  // 04:00 on 5 March in Shanghai, but 4 March in UTC.
  { subject: 'task at dawn', type: 'task', status: 'planned', startAt: '2026-03-04T20:00:00.000Z' },
  { subject: 'meeting under way', type: 'meeting', status: 'planned', startAt: '2026-03-05T04:30:00.000Z' },
  { subject: 'visit this morning', type: 'visit', status: 'planned', startAt: '2026-03-05T02:00:00.000Z' },
  { subject: 'visit debriefed', type: 'visit', status: 'done', startAt: '2026-03-05T02:00:00.000Z' },
  { subject: 'call tomorrow', type: 'call', status: 'planned', startAt: '2026-03-06T02:00:00.000Z' },
];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await seedOrg(ctx, 'Debrief Co');
  for (const a of items) expect((await as('rep').post('/api/v1/activities', a)).status).toBe(201);
});
afterAll(() => ctx.close());

async function subjects(query: Record<string, string>) {
  const qs = new URLSearchParams({ ownerId: org.users.rep.id, limit: '100', sort: 'startAt', ...query });
  const res = await as('rep').get(`/api/v1/activities?${qs}`);
  expect(res.status).toBe(200);
  return (res.body.items as { subject: string }[]).map((a) => a.subject).sort();
}

describe('To debrief and Upcoming (toDebriefAt, upcomingAt)', () => {
  it('lists to debrief exactly what the overdue rule calls overdue for the viewer’s day', async () => {
    const expected = items
      .filter((a) => isOverdue(a, new Date(now), 'Asia/Shanghai'))
      .map((a) => a.subject)
      .sort();
    expect(expected).toEqual(['task yesterday', 'visit this morning']);
    expect(await subjects({ toDebriefAt: `${now}[Asia/Shanghai]` })).toEqual(expected);
  });

  it('lists as upcoming the rest of the planned ones: a task due later today, a meeting under way', async () => {
    expect(await subjects({ upcomingAt: `${now}[Asia/Shanghai]` })).toEqual([
      'call tomorrow',
      'meeting under way',
      'task at dawn',
      'task later today',
      'task this morning',
    ]);
  });

  it('reads the day in the zone given (UTC without one)', async () => {
    // The task at dawn in Shanghai was due on 4 March in UTC: overdue there at 05:00 UTC on 5 March.
    expect(await subjects({ toDebriefAt: now })).toEqual([
      'task at dawn',
      'task yesterday',
      'visit this morning',
    ]);
    for (const zone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      const expected = items
        .filter((a) => isOverdue(a, new Date(now), zone))
        .map((a) => a.subject)
        .sort();
      expect(await subjects({ toDebriefAt: `${now}[${zone}]` }), zone).toEqual(expected);
    }
  });

  it('refuses an unknown zone or a malformed instant', async () => {
    for (const bad of [`${now}[Mars/Olympus]`, 'yesterday', '2026-03-05[UTC]'])
      expect(
        (await as('rep').get(`/api/v1/activities?toDebriefAt=${encodeURIComponent(bad)}`)).status,
        bad,
      ).toBe(400);
  });
});
