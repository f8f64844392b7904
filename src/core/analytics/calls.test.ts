import { describe, expect, it } from 'vitest';
import { rollupCalls, sumCalls } from './calls.ts';

// National ⊃ East (ann, bob), North (cy); Solo has no parent and no one in it.
const teams = new Map([
  ['national', { parentId: null }],
  ['east', { parentId: 'national' }],
  ['north', { parentId: 'national' }],
  ['solo', { parentId: null }],
]);
const users = new Map([
  ['vp', { teamId: 'national' }],
  ['ann', { teamId: 'east' }],
  ['bob', { teamId: 'east' }],
  ['cy', { teamId: 'north' }],
  ['free', { teamId: null }],
]);

describe('rollupCalls', () => {
  it('takes a team’s own call over what is below it', () => {
    const r = rollupCalls(teams, users, new Map([['east', 800]]), new Map([['ann', 100]]));
    expect(r.get('east')).toEqual({ amount: 800, source: 'own', calls: 1 });
    expect(r.get('national')).toEqual({ amount: 800, source: 'rollup', calls: 1 });
  });

  it('sums sub-teams’ calls and direct members’ personal calls when the team has none', () => {
    const r = rollupCalls(
      teams,
      users,
      new Map([['north', 300]]),
      new Map([
        ['ann', 100.1],
        ['bob', 200.2],
        ['vp', 50],
      ]),
    );
    expect(r.get('east')).toEqual({ amount: 300.3, source: 'rollup', calls: 2 });
    expect(r.get('national')).toEqual({ amount: 650.3, source: 'rollup', calls: 4 });
    expect(r.has('solo')).toBe(false);
  });

  it('leaves a team out when nobody below it called, and survives a cycle', () => {
    const cyclic = new Map([
      ['a', { parentId: 'b' }],
      ['b', { parentId: 'a' }],
    ]);
    expect(rollupCalls(cyclic, new Map(), new Map(), new Map()).size).toBe(0);
    expect(rollupCalls(teams, users, new Map(), new Map()).size).toBe(0);
  });
});

describe('sumCalls', () => {
  it('is null without calls and a roll-up of the count otherwise', () => {
    expect(sumCalls([null, undefined])).toBeNull();
    expect(
      sumCalls([{ amount: 1, source: 'own', calls: 1 }, null, { amount: 2, source: 'rollup', calls: 3 }]),
    ).toEqual({ amount: 3, source: 'rollup', calls: 4 });
  });
});
