import type { DealFacts } from './model.ts';

/**
 * A test deal's facts: open in stage `s1` since 2026-11-20, nothing done yet; a test overrides what it is
 * about. One fixture for the process rules' tests instead of a copy of every field in each.
 */
export const openDeal = (overrides: Partial<DealFacts> = {}): DealFacts => ({
  stageId: 's1',
  status: 'open',
  buyerStep: null,
  expectedCloseDate: null,
  createdAt: '2026-11-20T00:00:00Z',
  stageEnteredAt: '2026-11-20T00:00:00Z',
  fields: {},
  completions: [],
  stakeholders: [],
  doneActivityTypes: [],
  lastActivityAt: null,
  ...overrides,
});
