// Building blocks of record pages: the fields card, deleting with undo, and describing a change.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../lib/api.ts';
import { errorMessage, notifyError } from '../lib/errors.ts';
import { invalidateResource, type ResourceName } from '../lib/queries.ts';
import type { Describe } from '../lib/useRecord.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { EmptyState } from './EmptyState.tsx';
import { PageLoader } from './PageLoader.tsx';

export function FieldsCard({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      {title && (
        <Title order={2} size="h5" mb="sm">
          {title}
        </Title>
      )}
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** Loading, not found and error states of a record page. */
export function RecordState({
  query,
  backTo,
}: {
  query: { isPending: boolean; error: unknown };
  backTo: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (query.isPending) return <PageLoader />;
  const status = (query.error as { status?: number } | null)?.status;
  return (
    <EmptyState
      title={status === 404 ? t('errors.recordGone') : t('errors.title')}
      text={status === 404 ? t('errors.recordGoneText') : errorMessage(query.error, t)}
      action={<Button onClick={() => navigate(backTo)}>{t('common.back')}</Button>}
    />
  );
}

/** Labels a pending change for the conflict dialog. */
export function useDescribe(
  labels: Record<string, string>,
  format?: (field: string, value: unknown) => string,
): Describe {
  return useCallback(
    (patch) =>
      Object.entries(patch).map(([k, v]) => ({
        label: labels[k] ?? k,
        value: format ? format(k, v) : v === null || v === '' ? '—' : String(v),
      })),
    [labels, format],
  );
}

/** Delete to the recycle bin, with an Undo in the notification (POST …/restore). */
export function DeleteRecordButton({
  resource,
  id,
  version,
  name,
  backTo,
}: {
  resource: ResourceName;
  id: string;
  version: number;
  name: string;
  backTo: string;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const remove = async () => {
    try {
      await api.delete(`/${resource}/${id}`, version);
    } catch (err) {
      notifyError(err, t);
      return;
    }
    // Leave first, then drop the record's own queries: the page being left must not read it again (404s).
    navigate(backTo);
    qc.removeQueries({ predicate: (q) => q.queryKey.includes(id) });
    await invalidateResource(qc, resource, id);
    const nid = `deleted-${id}`;
    notifications.show({
      id: nid,
      color: 'gray',
      autoClose: 8000,
      message: (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{t('common.deletedName', { name })}</Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={async () => {
              notifications.hide(nid);
              try {
                await api.post(`/${resource}/${id}/restore`);
                await invalidateResource(qc, resource);
                navigate(`${backTo}/${id}`);
              } catch (err) {
                notifyError(err, t);
              }
            }}
          >
            {t('common.undo')}
          </Button>
        </Group>
      ),
    });
  };
  return (
    <ConfirmAction message={t('common.confirmDelete', { name })} onConfirm={remove}>
      <Button variant="subtle" color="red" size="sm" leftSection={<IconTrash size={16} />}>
        {t('common.delete')}
      </Button>
    </ConfirmAction>
  );
}
