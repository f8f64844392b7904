import { describe, expect, it } from 'vitest';
import { GROUPINGS, groupingsFor, readGrouping } from './params.ts';

describe('groupings a viewer may pick', () => {
  it('leave Team out for those who see only their own deals', () => {
    expect(groupingsFor('rep')).toEqual(['owner', 'pipeline', 'product', 'month']);
    expect(groupingsFor('presales')).not.toContain('team');
    expect(groupingsFor('manager')).toEqual(GROUPINGS);
    expect(groupingsFor('admin')).toEqual(GROUPINGS);
  });

  it('read a linked grouping only when the viewer may pick it', () => {
    expect(readGrouping('team', groupingsFor('manager'), 'owner')).toBe('team');
    expect(readGrouping('team', groupingsFor('rep'), 'owner')).toBe('owner');
    expect(readGrouping('month', groupingsFor('rep'), 'owner')).toBe('month');
    expect(readGrouping(null, GROUPINGS, 'owner')).toBe('owner');
    expect(readGrouping('nonsense', GROUPINGS, 'owner')).toBe('owner');
  });
});
