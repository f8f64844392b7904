// A contact holds each buying role on a deal once: who holds a role already, how to say so, and the server's
// refusal of a second time (its unique key over deal, contact and role, reported on `contactId`).
import type { TFunction } from 'i18next';
import { isProblem } from '../../lib/api.ts';
import type { BuyingRole, Stakeholder } from '../../lib/process.ts';

/** The contacts who hold `role` on the deal already, leaving out the stakeholder being edited. */
export function contactsInRole(
  team: readonly Pick<Stakeholder, 'id' | 'contactId' | 'role'>[],
  role: BuyingRole,
  editing?: string,
): Set<string> {
  return new Set(team.filter((s) => s.role === role && s.id !== editing).map((s) => s.contactId));
}

/** The server refused a contact in a role they hold on the deal already. */
export const isRoleTaken = (err: unknown): boolean =>
  isProblem(err) && err.errors.some((e) => e.path === 'contactId' && e.code === 'in_use');

/** "张伟 已是此商机的关键决策人。" (a contact without a known name is "this contact"). */
export const roleTakenText = (t: TFunction, name: string | undefined, role: BuyingRole): string =>
  t('stakeholders.roleTaken', {
    name: name || t('stakeholders.thisContact'),
    role: t(`stakeholders.roles.${role}`),
  });
