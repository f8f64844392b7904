import { describe, expect, it } from 'vitest';
import { rules, validateForm } from './validate.ts';
import {
  apiQuery,
  deleteView,
  loadColumns,
  loadViews,
  paramsFromState,
  sameState,
  saveColumns,
  saveView,
  stateFromParams,
  toggleSort,
} from './views.ts';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('list state', () => {
  it('round-trips through URL parameters, leaving defaults out', () => {
    const state = { q: '华为', sort: '-amount', filters: { status: 'open,won', ownerId: 'me' } };
    const params = paramsFromState(state, '-updatedAt');
    expect(stateFromParams(params, ['status', 'ownerId'], '-updatedAt')).toEqual(state);
    expect(
      paramsFromState({ q: ' ', sort: '-updatedAt', filters: { status: '' } }, '-updatedAt').toString(),
    ).toBe('');
    expect(stateFromParams(new URLSearchParams('evil=1'), ['status'], 'name')).toEqual({
      q: '',
      sort: 'name',
      filters: {},
    });
  });

  it('turns "me" into the signed-in user in the API query', () => {
    expect(apiQuery({ q: '', sort: 'name', filters: { ownerId: 'me,u2' } }, 'u1')).toEqual({
      sort: 'name',
      ownerId: 'u1,u2',
    });
  });

  it('compares states and toggles sort direction', () => {
    expect(sameState({ q: 'a ', sort: 'x', filters: {} }, { q: 'a', sort: 'x', filters: { s: '' } })).toBe(
      true,
    );
    expect(toggleSort('name', 'name')).toBe('-name');
    expect(toggleSort('-name', 'name')).toBe('name');
    expect(toggleSort('-amount', 'name')).toBe('name');
  });
});

describe('saved views and columns', () => {
  it('saves, replaces by name and deletes views per user and list', () => {
    const s = memoryStorage();
    saveView('u1', 'accounts', { name: 'Mine', q: '', sort: 'name', filters: { ownerId: 'me' } }, s);
    const views = saveView('u1', 'accounts', { name: 'Mine', q: 'x', sort: 'name', filters: {} }, s);
    expect(views).toHaveLength(1);
    expect(views[0]!.q).toBe('x');
    expect(loadViews('u2', 'accounts', s)).toEqual([]);
    expect(deleteView('u1', 'accounts', views[0]!.id, s)).toEqual([]);
  });

  it('remembers the column choice, falling back to the defaults', () => {
    const s = memoryStorage();
    expect(loadColumns('u1', 'contacts', ['name'], s)).toEqual(['name']);
    saveColumns('u1', 'contacts', ['name', 'email'], s);
    expect(loadColumns('u1', 'contacts', ['name'], s)).toEqual(['name', 'email']);
  });
});

describe('validation', () => {
  it('checks fields like the server does', () => {
    expect(rules.money('1,250.50')).toBeNull();
    expect(rules.money('-1')).toEqual({ code: 'money' });
    expect(rules.money('1.005')).toEqual({ code: 'money' });
    expect(rules.currency('cny')).toEqual({ code: 'currency' });
    expect(rules.email('a@b.cn')).toBeNull();
    expect(rules.email('nope')).toEqual({ code: 'email' });
    expect(rules.maxLength(60)('x'.repeat(61))).toEqual({ code: 'too_long', params: { maximum: 60 } });
    expect(rules.password('short')).toEqual({ code: 'too_short', params: { minimum: 10 } });
    expect(rules.integer('1.5')).toEqual({ code: 'expected', params: { expected: 'int' } });
    expect(validateForm({ name: ' ', email: 'x' }, { name: [rules.required], email: [rules.email] })).toEqual(
      {
        name: { code: 'required' },
        email: { code: 'email' },
      },
    );
  });
});
