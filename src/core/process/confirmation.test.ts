import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConfirmationCase, confirmRefusal, confirmsCriteria, mayConfirm } from './confirmation.ts';

const ROLES = ['admin', 'manager', 'rep', 'presales', 'enablement', 'viewer'] as const;

// The owner (rep) is in East; East's manager is `lead`, National above it is managed by `vp`.
const chain = ['lead', 'vp'];
const base = { ownerId: 'rep', ownerManagerIds: chain, completedBy: 'rep' };
const by = (userId: string, role: string, extra: Partial<ConfirmationCase> = {}): ConfirmationCase => ({
  ...base,
  confirmer: { userId, role },
  ...extra,
});

describe('confirmRefusal', () => {
  it('lets admins and the managers on the owner’s line confirm', () => {
    expect(confirmRefusal(by('lead', 'manager'))).toBeNull();
    expect(confirmRefusal(by('vp', 'manager'))).toBeNull();
    expect(confirmRefusal(by('root', 'admin'))).toBeNull();
  });

  it('refuses a manager who only sees the deal (another team’s manager)', () => {
    expect(confirmRefusal(by('north-lead', 'manager'))).toBe('confirm_not_allowed');
  });

  it('refuses roles that never confirm, even on the chain (a team managed by a rep)', () => {
    for (const role of ['rep', 'presales', 'viewer', 'enablement'])
      expect(confirmRefusal(by('lead', role)), role).toBe('confirm_not_allowed');
  });

  it('refuses whoever completed it, and the deal’s owner, even as admin or manager on the chain', () => {
    expect(confirmRefusal(by('lead', 'manager', { completedBy: 'lead' }))).toBe('confirm_own');
    expect(confirmRefusal(by('root', 'admin', { completedBy: 'root' }))).toBe('confirm_own');
    // A manager owns the deal and manages their own team: their rep ticked it; the manager above confirms.
    const own = { ownerId: 'lead', ownerManagerIds: ['lead', 'vp'], completedBy: 'rep' };
    expect(confirmRefusal(by('lead', 'manager', own))).toBe('confirm_own_deal');
    expect(confirmRefusal(by('vp', 'manager', own))).toBeNull();
    expect(confirmRefusal(by('root', 'admin', { ...own, ownerId: 'root' }))).toBe('confirm_own_deal');
  });

  it('holds for any case: allowed exactly for a second person, not the owner, admin or a manager on the chain', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(
        id,
        fc.constantFrom(...ROLES),
        id,
        fc.uniqueArray(id, { maxLength: 4 }),
        id,
        (userId, role, ownerId, ownerManagerIds, completedBy) => {
          const c = { confirmer: { userId, role }, ownerId, ownerManagerIds, completedBy };
          const expected =
            userId !== completedBy &&
            userId !== ownerId &&
            (role === 'admin' || (role === 'manager' && ownerManagerIds.includes(userId)));
          expect(mayConfirm(c)).toBe(expected);
          // Whoever may confirm has a confirming role; a refusal always names its reason.
          if (expected) expect(confirmsCriteria(role)).toBe(true);
          else expect(confirmRefusal(c)).toMatch(/^confirm_/);
        },
      ),
    );
  });
});
