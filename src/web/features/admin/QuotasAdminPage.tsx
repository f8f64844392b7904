// Quotas (admins): an amount to win in a period, for a person (counting toward their team in roll-ups) or
// for a team itself (replacing the sum of its members'). Coverage and attainment in Insights read them.
// A table on wide screens, cards on phones (as the record lists): five columns do not fit 390 px.
import { ActionIcon, Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { DateText, Money } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, listAll } from '../../lib/api.ts';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors.ts';
import { formatPeriod } from '../../lib/insights.ts';
import { invalidateResource, useTeams, useUsers } from '../../lib/queries.ts';
import type { Quota } from '../../lib/types.ts';
import { AdminGate } from './AdminGate.tsx';
import { periodOfDates, QuotaModal } from './QuotaModal.tsx';

export default function QuotasAdminPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)');
  const { byId: userById } = useUsers();
  const { byId: teamById } = useTeams();
  const [editing, setEditing] = useState<Quota | null>(null);
  const [creating, setCreating] = useState(false);
  const quotas = useQuery({
    queryKey: ['quotas', 'all'],
    queryFn: ({ signal }) => listAll<Quota>('/quotas', { sort: '-periodStart' }, { signal }),
    enabled: me.user.role === 'admin',
  });
  const rows = useMemo(() => quotas.data ?? [], [quotas.data]);
  const subject = (q: Quota) =>
    q.userId ? (userById.get(q.userId)?.name ?? '…') : (teamById.get(q.teamId ?? '')?.name ?? '…');
  const remove = async (q: Quota) => {
    try {
      await api.delete(`/quotas/${q.id}`, q.version);
      await Promise.all([invalidateResource(qc, 'quotas'), qc.invalidateQueries({ queryKey: ['insights'] })]);
      notifySaved(t, t('common.deletedName', { name: subject(q) }));
    } catch (err) {
      notifyError(err, t);
    }
  };
  const editExisting = async (id: string) => {
    // The list may predate the quota someone else just created: read it again when it is not there.
    const known = rows.find((q) => q.id === id) ?? (await api.get<Quota>(`/quotas/${id}`).catch(() => null));
    if (!known) return;
    setCreating(false);
    setEditing(known);
  };
  const who = (q: Quota) => (
    <Group gap={6} wrap="nowrap">
      {subject(q)}
      {!q.userId && (
        <Badge size="xs" variant="light">
          {t('quotas.forTeam')}
        </Badge>
      )}
    </Group>
  );
  const when = (q: Quota) => {
    const period = periodOfDates(q.periodStart, q.periodEnd);
    return period ? (
      formatPeriod(period, i18n.language)
    ) : (
      <>
        <DateText value={q.periodStart} /> – <DateText value={q.periodEnd} />
      </>
    );
  };
  const amount = (q: Quota) => <Money amount={q.amount} currency={me.organization.defaultCurrency} />;
  const actions = (q: Quota) => (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={() => setEditing(q)}
        aria-label={t('admin.editNamed', { name: subject(q) })}
      >
        {t('common.edit')}
      </Button>
      <ConfirmAction message={t('quotas.confirmDelete', { name: subject(q) })} onConfirm={() => remove(q)}>
        <ActionIcon variant="subtle" color="red" aria-label={t('quotas.deleteNamed', { name: subject(q) })}>
          <IconTrash size={16} />
        </ActionIcon>
      </ConfirmAction>
    </Group>
  );
  return (
    <AdminGate subject="quotas">
      <PageHeader
        title={t('quotas.title')}
        subtitle={t('quotas.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('quotas.new')}
          </Button>
        }
      />
      {quotas.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {quotas.isError && <Text c="red">{errorMessage(quotas.error, t)}</Text>}
      {quotas.isSuccess && !rows.length && (
        <EmptyState
          title={t('quotas.emptyTitle')}
          text={t('quotas.emptyText')}
          action={
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('quotas.new')}
            </Button>
          }
        />
      )}
      {rows.length > 0 && phone && (
        <Stack gap="xs" data-testid="quotas-list">
          {rows.map((q) => (
            <Paper key={q.id} withBorder p="sm">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Stack gap={2} miw={0}>
                  <Text fw={600} component="div" className="wp-clamp-1">
                    {who(q)}
                  </Text>
                  <Text size="sm" component="div">
                    {when(q)} · {amount(q)}
                  </Text>
                  {q.note && (
                    <Text size="xs" c="dimmed" className="wp-clamp-1">
                      {q.note}
                    </Text>
                  )}
                </Stack>
                {actions(q)}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {rows.length > 0 && !phone && (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="quotas-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('quotas.subject')}</Table.Th>
                <Table.Th>{t('quotas.period')}</Table.Th>
                <Table.Th ta="right">{t('quotas.amount')}</Table.Th>
                <Table.Th>{t('quotas.note')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('quotas.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>{who(q)}</Table.Td>
                  <Table.Td>{when(q)}</Table.Td>
                  <Table.Td ta="right">{amount(q)}</Table.Td>
                  <Table.Td>{q.note ?? ''}</Table.Td>
                  <Table.Td ta="right">{actions(q)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <QuotaModal
        quota={editing}
        opened={!!editing || creating}
        onClose={() => {
          setEditing(null);
          setCreating(false);
        }}
        onEditExisting={(id) => void editExisting(id)}
      />
    </AdminGate>
  );
}
