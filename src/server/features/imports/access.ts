import type { Actor } from '../../auth/actor.ts';
import { forbidden } from '../../http/errors.ts';

/**
 * Imports are for admins only: an import writes many records at once, creates users and references, and
 * bypasses per-record ownership rules.
 */
export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('Only admins import data.');
}
