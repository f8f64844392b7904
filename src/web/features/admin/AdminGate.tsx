import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';

/** Admin pages are for admins; others are told so instead of meeting 403s. */
export function AdminGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.user.role !== 'admin')
    return <EmptyState title={t('admin.onlyAdminsTitle')} text={t('admin.onlyAdminsText')} />;
  return <>{children}</>;
}
