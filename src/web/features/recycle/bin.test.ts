import { describe, expect, it } from 'vitest';
import { cascadeDepth, daysLeft, RECYCLED_KINDS } from '../../../core/recycle.ts';
import { ProblemError } from '../../lib/api.ts';
import type { BinRow } from './bin.ts';
import {
  type BinKind,
  type BinRecord,
  filterEntries,
  groupByDeletion,
  restoreBody,
  restoreDuplicates,
  toBinRecord,
} from './bin.ts';

const rec = (kind: BinKind, name: string, deletedAt: string, deletedBatch: string | null): BinRecord => ({
  kind,
  id: `${kind}-${name}`,
  name,
  deletedAt,
  deletedBatch,
  updatedBy: null,
  href: `/${kind}`,
});

const MON = '2026-03-02T08:00:00.000Z';
const TUE = '2026-03-03T08:00:00.000Z';

describe('groupByDeletion', () => {
  it('hangs what a deletion took under the record it started from, newest deletion first', () => {
    const entries = groupByDeletion([
      rec('notes', 'Call notes', MON, 'b1'),
      rec('opportunities', 'ERP', MON, 'b1'),
      rec('accounts', 'Acme', MON, 'b1'),
      rec('contacts', 'Wang', MON, 'b1'),
      rec('notes', 'Lonely', TUE, 'b2'),
    ]);
    expect(entries.map((e) => e.name)).toEqual(['Lonely', 'Acme']);
    expect(entries[1]!.cascaded.map((r) => r.name)).toEqual(['ERP', 'Wang', 'Call notes']);
    expect(entries[0]!.cascaded).toEqual([]);
  });

  it('leaves records on their own when no single record heads their batch', () => {
    // Two deals of an account the user cannot see, and a record from before batches.
    const entries = groupByDeletion([
      rec('opportunities', 'A', MON, 'b1'),
      rec('opportunities', 'B', MON, 'b1'),
      rec('activities', 'Demo', MON, 'b1'),
      rec('contacts', 'Old', MON, null),
    ]);
    expect(entries.map((e) => [e.name, e.cascaded.length])).toEqual([
      ['A', 0],
      ['B', 0],
      ['Demo', 0],
      ['Old', 0],
    ]);
  });
});

describe('filterEntries', () => {
  const entries = groupByDeletion([
    rec('accounts', 'Acme', MON, 'b1'),
    rec('opportunities', 'ERP rollout', MON, 'b1'),
    rec('products', 'Licence', TUE, 'b2'),
  ]);

  it('finds a deletion by what it took with it', () => {
    expect(filterEntries(entries, { q: 'erp' }).map((e) => e.name)).toEqual(['Acme']);
    expect(filterEntries(entries, { kind: 'opportunities' }).map((e) => e.name)).toEqual(['Acme']);
    expect(filterEntries(entries, { kind: 'products', q: 'acme' })).toEqual([]);
    expect(filterEntries(entries, {}).map((e) => e.name)).toEqual(['Licence', 'Acme']);
  });
});

describe('toBinRecord', () => {
  it('names a note by its first line and links it to its deal', () => {
    const note = {
      id: 'n1',
      body: `  ${'x'.repeat(100)}\nsecond line`,
      opportunityId: 'd1',
      contactId: 'c1',
      accountId: 'a1',
      deletedAt: MON,
      deletedBatch: 'b1',
      updatedBy: 'u1',
    } as BinRow['notes'];
    const r = toBinRecord('notes', note);
    expect(r.name).toHaveLength(80);
    expect(r.name.endsWith('…')).toBe(true);
    expect(r.href).toBe('/opportunities/d1');
  });
});

describe('daysLeft', () => {
  it('counts a part day as a day, and stops at zero', () => {
    const deleted = Date.parse(MON);
    expect(daysLeft(MON, deleted)).toBe(30);
    expect(daysLeft(MON, deleted + 1)).toBe(30);
    expect(daysLeft(MON, deleted + 29.5 * 86_400_000)).toBe(1);
    expect(daysLeft(MON, deleted + 31 * 86_400_000)).toBe(0);
  });
});

describe('cascade depth', () => {
  it('puts a kind one below the deepest kind whose deletion takes it along', () => {
    expect(RECYCLED_KINDS.map((k) => [k, cascadeDepth(k)])).toEqual([
      ['accounts', 0],
      ['contacts', 1],
      ['opportunities', 1],
      ['activities', 2],
      ['notes', 2],
      ['products', 0],
      ['pipelines', 0],
    ]);
  });
});

describe('restoring a possible duplicate account', () => {
  const account = rec('accounts', 'GTX Pro', MON, 'b1');
  const hit = { id: '0190a5e2-0000-7000-8000-000000000001', name: 'gtx pro', ownerName: 'Li Na' };
  const refusal = (code: string, status = 409) =>
    new ProblemError({
      status,
      code,
      detail: 'An account with this name already exists.',
      duplicates: [hit],
    });

  it('reads the matches of an account restore refused as a duplicate', () => {
    expect(restoreDuplicates(account, refusal('duplicate_account'))).toEqual([hit]);
  });

  it('leaves every other refusal, and every other kind, to the usual error message', () => {
    expect(restoreDuplicates(account, refusal('not_found', 404))).toBeUndefined();
    expect(restoreDuplicates(account, refusal('deleted_with_parent'))).toBeUndefined();
    expect(
      restoreDuplicates(rec('contacts', 'Wang', MON, 'b1'), refusal('duplicate_account')),
    ).toBeUndefined();
  });

  it('sends no body unless an account is restored anyway', () => {
    expect(restoreBody(account)).toBeUndefined();
    expect(restoreBody(account, { allowDuplicate: false })).toBeUndefined();
    expect(restoreBody(account, { allowDuplicate: true })).toEqual({ allowDuplicate: true });
    // Other records' restores take no body.
    expect(restoreBody(rec('notes', 'Call', MON, null), { allowDuplicate: true })).toBeUndefined();
  });
});
