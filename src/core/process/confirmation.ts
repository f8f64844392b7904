/**
 * Who may confirm a completed milestone criterion (one that asks for a confirmation): one rule for the
 * confirm action, the "Waiting for your confirmation" list of My day and the deal page's Confirm button, so
 * none of them offers what another refuses.
 *
 * A confirmation is the check of someone above the seller (docs/process.md): an admin, or a manager of a
 * team on the deal owner's line — the owner's own team or any team above it in the team tree. Never the
 * person who completed the criterion (a second pair of eyes), and never the deal's owner (a manager or an
 * admin who owns the deal does not sign off their own deal). Seeing the deal is not enough: a manager who
 * sees it through the deal team does not manage its owner.
 */

export type ConfirmRefusal = 'confirm_own' | 'confirm_own_deal' | 'confirm_not_allowed';

export type ConfirmationCase = {
  /** The person who would confirm. */
  confirmer: { userId: string; role: string };
  ownerId: string;
  /**
   * The managers of the owner's team and of every team above it (the owner's line manager chain), as
   * `ownerManagerChain` in the server's process repository reads it from the team tree.
   */
  ownerManagerIds: readonly string[];
  /** Who completed the criterion. */
  completedBy: string;
};

/** Whether the role confirms criteria at all (the others never see a Confirm button or a pending list). */
export function confirmsCriteria(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

/** Why the confirmer may not confirm this completion (a stable code), or null when they may. */
export function confirmRefusal(c: ConfirmationCase): ConfirmRefusal | null {
  const me = c.confirmer.userId;
  if (c.completedBy === me) return 'confirm_own';
  if (c.ownerId === me) return 'confirm_own_deal';
  if (c.confirmer.role === 'admin') return null;
  if (c.confirmer.role === 'manager' && c.ownerManagerIds.includes(me)) return null;
  return 'confirm_not_allowed';
}

export const mayConfirm = (c: ConfirmationCase): boolean => confirmRefusal(c) === null;
