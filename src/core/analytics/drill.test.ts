import { describe, expect, it } from 'vitest';
import { closedDealsDrill, createdInMonths, funnelDrill, openDealsDrill, periodDrill } from './drill.ts';

describe('drill-down filters of a figure', () => {
  it('win rates: closed in the range, the group as a filter; month rows narrow to their month', () => {
    expect(closedDealsDrill({ groupBy: 'team', key: 't1', from: '2026-01', to: '2026-03' })).toEqual({
      status: 'won,lost,no_decision',
      closedAtFrom: '2026-01-01',
      closedAtTo: '2026-03-31',
      ownerTeamId: 't1',
    });
    expect(
      closedDealsDrill({
        groupBy: 'month',
        key: '2024-02',
        from: '2024-01',
        to: '2024-12',
        outcomes: ['won'],
      }),
    ).toEqual({ status: 'won', closedAtFrom: '2024-02-01', closedAtTo: '2024-02-29' });
    expect(closedDealsDrill({ groupBy: 'team', key: null, from: '2026-01', to: '2026-01' })).toBeNull();
    expect(
      closedDealsDrill({ groupBy: 'product', key: 'p', from: '2026-01', to: '2026-01', pipelineId: 'x' }),
    ).toMatchObject({
      productId: 'p',
      pipelineId: 'x',
    });
  });

  it('roll-ups take the team subtree; categories and periods map to list filters', () => {
    expect(periodDrill({ period: '2026-Q4', groupBy: 'team', key: 't', figure: 'commit' })).toEqual({
      status: 'open',
      forecastCategory: 'commit,closed',
      expectedCloseDateFrom: '2026-10-01',
      expectedCloseDateTo: '2026-12-31',
      ownerTeamTreeId: 't',
    });
    expect(periodDrill({ period: '2026-11', groupBy: 'none', key: null, figure: 'won' })).toEqual({
      status: 'won',
      closedAtFrom: '2026-11-01',
      closedAtTo: '2026-11-30',
    });
    expect(
      periodDrill({ period: '2026-11', groupBy: 'owner', key: 'u', figure: 'open' })?.forecastCategory,
    ).toBe('pipeline,best_case,commit,closed');
  });

  it('funnel cohorts are whole UTC months; velocity counts open deals', () => {
    expect(createdInMonths('2026-02', '2026-02')).toEqual({
      createdAtFrom: '2026-02-01T00:00:00.000Z',
      createdAtTo: '2026-02-28T23:59:59.999999Z',
    });
    expect(funnelDrill({ stageId: 's', from: '2026-01', to: '2026-01', outcome: 'closed' }).status).toBe(
      'won,lost,no_decision',
    );
    expect(openDealsDrill({ groupBy: 'none', key: null })).toEqual({ status: 'open' });
  });
});
