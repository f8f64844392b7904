import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

/** What an admin page changes: the refusal names it, not a list of other pages' subjects. */
export type AdminSubject = 'users' | 'teams' | 'products' | 'pipelines' | 'quotas' | 'imports';

/**
 * Admin pages are for admins; others are told so instead of meeting 403s. Without a subject the message
 * names none (better than naming another page's).
 */
export function AdminGate({ subject, children }: { subject?: AdminSubject; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.user.role !== 'admin')
    return (
      <EmptyState title={t('admin.onlyAdminsTitle')} text={t(`admin.onlyAdminsFor.${subject ?? 'any'}`)} />
    );
  return <>{children}</>;
}
