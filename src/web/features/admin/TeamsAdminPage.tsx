import { Alert, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { UserSelect } from '../../components/pickers.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors.ts';
import { invalidateResource, useTeams, useUsers } from '../../lib/queries.ts';
import type { Team } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { AdminGate } from './AdminGate.tsx';

function TeamModal({ team, opened, onClose }: { team: Team | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const { teams } = useTeams();
  const initial = {
    name: team?.name ?? '',
    managerId: team?.managerId ?? '',
    parentId: team?.parentId ?? '',
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another team
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened, team?.id]);
  const submit = () =>
    form.submit({ name: [rules.required, rules.maxLength(200)] }, async (v) => {
      const body = { name: v.name.trim(), managerId: v.managerId || null, parentId: v.parentId || null };
      if (team)
        await patch<Team>('teams', team.id, team.version, body, () => [
          { label: t('fields.name'), value: body.name },
        ]);
      else await api.post<Team>('/teams', body);
      await invalidateResource(qc, 'teams');
      notifySaved(t);
      onClose();
    });
  return (
    <Modal opened={opened} onClose={onClose} title={team ? t('admin.editTeam') : t('admin.newTeam')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <TextInput label={t('fields.name')} required data-autofocus {...form.input('name')} />
          <UserSelect
            label={t('fields.manager')}
            value={form.values.managerId || null}
            onChange={form.set('managerId')}
            error={form.errors.managerId}
            clearable
          />
          <Select
            label={t('fields.parentTeam')}
            data={teams.filter((x) => x.id !== team?.id).map((x) => ({ value: x.id, label: x.name }))}
            value={form.values.parentId || null}
            onChange={form.set('parentId')}
            error={form.errors.parentId}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {team ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function TeamsAdminPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { teams, byId, isPending, error } = useTeams();
  const { users, byId: usersById } = useUsers();
  const [editing, setEditing] = useState<Team | null>(null);
  const [creating, setCreating] = useState(false);
  const remove = async (team: Team) => {
    try {
      await api.delete(`/teams/${team.id}`, team.version);
      await invalidateResource(qc, 'teams');
    } catch (err) {
      notifyError(err, t);
    }
  };
  return (
    <AdminGate subject="teams">
      <PageHeader
        title={t('admin.teamsTitle')}
        subtitle={t('admin.teamsSubtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('admin.newTeam')}
          </Button>
        }
      />
      {isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {error && <Text c="red">{errorMessage(error, t)}</Text>}
      {!isPending && !teams.length && (
        <EmptyState
          title={t('admin.noTeamsTitle')}
          text={t('admin.noTeamsText')}
          action={
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('admin.newTeam')}
            </Button>
          }
        />
      )}
      {teams.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="teams-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.manager')}</Table.Th>
                <Table.Th>{t('fields.parentTeam')}</Table.Th>
                <Table.Th ta="right">{t('admin.members')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>{team.name}</Table.Td>
                  <Table.Td>{team.managerId ? (usersById.get(team.managerId)?.name ?? '…') : '—'}</Table.Td>
                  <Table.Td>{team.parentId ? (byId.get(team.parentId)?.name ?? '…') : '—'}</Table.Td>
                  <Table.Td ta="right">{users.filter((u) => u.teamId === team.id).length}</Table.Td>
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setEditing(team)}
                        aria-label={t('admin.editNamed', { name: team.name })}
                      >
                        {t('common.edit')}
                      </Button>
                      <ConfirmAction
                        message={t('common.confirmDelete', { name: team.name })}
                        onConfirm={() => remove(team)}
                      >
                        <Button size="compact-sm" variant="subtle" color="red">
                          {t('common.delete')}
                        </Button>
                      </ConfirmAction>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <TeamModal
        team={editing}
        opened={!!editing || creating}
        onClose={() => {
          setEditing(null);
          setCreating(false);
        }}
      />
    </AdminGate>
  );
}
