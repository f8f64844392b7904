import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { BundleButton, ExportButton } from '../../components/ExportButton.tsx';
import { enumOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LANGUAGES } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, notifySaved } from '../../lib/errors.ts';
import { invalidateResource, useTeams, useUsers } from '../../lib/queries.ts';
import { ROLES, type User } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { type Rule, rules } from '../../lib/validate.ts';
import { AdminGate } from './AdminGate.tsx';

function UserModal({ user, opened, onClose }: { user: User | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const { teams } = useTeams();
  const initial = {
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? 'rep',
    teamId: user?.teamId ?? '',
    locale: user?.locale ?? 'zh-CN',
    status: user?.status ?? 'active',
    password: '',
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another user
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened, user?.id]);
  const submit = () => {
    const spec: Partial<Record<keyof typeof initial, Rule[]>> = {
      name: [rules.required, rules.maxLength(200)],
      email: [...(user ? [] : [rules.required]), rules.email, rules.maxLength(254)],
      password: user ? [(v) => (v ? rules.password(v) : null)] : [rules.required, rules.password],
    };
    return form.submit(spec, async (v) => {
      const body = {
        name: v.name.trim(),
        email: v.email.trim() || null,
        role: v.role,
        teamId: v.teamId || null,
        locale: v.locale,
        ...(user ? { status: v.status } : {}),
        ...(v.password ? { password: v.password } : {}),
      };
      if (user)
        await patch<User>('users', user.id, user.version, body, () => [
          { label: t('fields.name'), value: body.name },
          { label: t('fields.role'), value: t(`enums.role.${body.role as 'rep'}`) },
        ]);
      else await api.post<User>('/users', body);
      await invalidateResource(qc, 'users');
      notifySaved(t);
      onClose();
    });
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('admin.editUser') : t('admin.newUser')}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.name')} required data-autofocus {...form.input('name')} />
            <TextInput label={t('fields.email')} type="email" required={!user} {...form.input('email')} />
            <Select
              label={t('fields.role')}
              data={enumOptions(ROLES, 'role', t)}
              value={form.values.role}
              onChange={form.set('role')}
              error={form.errors.role}
              allowDeselect={false}
            />
            <Select
              label={t('fields.team')}
              data={teams.map((x) => ({ value: x.id, label: x.name }))}
              value={form.values.teamId || null}
              onChange={form.set('teamId')}
              error={form.errors.teamId}
              clearable
            />
            <Select
              label={t('fields.language')}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              value={form.values.locale}
              onChange={form.set('locale')}
              allowDeselect={false}
            />
            {user && (
              <Select
                label={t('fields.status')}
                data={enumOptions(['active', 'deactivated'] as const, 'userStatus', t)}
                value={form.values.status}
                onChange={form.set('status')}
                error={form.errors.status}
                allowDeselect={false}
              />
            )}
            <PasswordInput
              label={user ? t('admin.newPassword') : t('auth.password')}
              description={t('admin.passwordHint')}
              required={!user}
              autoComplete="new-password"
              {...form.input('password')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function UsersAdminPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { users, isPending, error } = useUsers();
  const { byId: teams } = useTeams();
  const [editing, setEditing] = useState<User | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <AdminGate>
      <PageHeader
        title={t('admin.usersTitle')}
        subtitle={t('admin.usersSubtitle')}
        actions={
          <>
            <ExportButton resource="users" query={{ sort: 'name' }} />
            <BundleButton />
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('admin.newUser')}
            </Button>
          </>
        }
      />
      {isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {error && <Text c="red">{errorMessage(error, t)}</Text>}
      {!isPending && !users.length && <EmptyState title={t('admin.noUsers')} />}
      {users.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.email')}</Table.Th>
                <Table.Th>{t('fields.role')}</Table.Th>
                <Table.Th>{t('fields.team')}</Table.Th>
                <Table.Th>{t('fields.language')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {u.name}
                    {u.id === me.user.id && (
                      <Badge size="xs" ml={6} variant="light">
                        {t('common.you')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{u.email ?? '—'}</Table.Td>
                  <Table.Td>{t(`enums.role.${u.role}`)}</Table.Td>
                  <Table.Td>{u.teamId ? (teams.get(u.teamId)?.name ?? '…') : '—'}</Table.Td>
                  <Table.Td>{LANGUAGES.find((l) => l.code === u.locale)?.label ?? u.locale}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={u.status === 'active' ? 'teal' : 'gray'}>
                      {t(`enums.userStatus.${u.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setEditing(u)}
                      aria-label={t('admin.editNamed', { name: u.name })}
                    >
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt="xs" lang={i18n.language}>
        {t('admin.usersCount', { count: users.length })}
      </Text>
      <UserModal
        user={editing}
        opened={!!editing || creating}
        onClose={() => {
          setEditing(null);
          setCreating(false);
        }}
      />
    </AdminGate>
  );
}
