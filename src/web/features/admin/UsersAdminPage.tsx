import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
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
import { type Locale, ROLES, type User } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { type Rule, rules } from '../../lib/validate.ts';
import { AdminGate } from './AdminGate.tsx';
import { inviteLocale, shownLocale, type UserAccess, userAccess } from './user-access.ts';

const adminLocale = (language: string): Locale => (language === 'zh-CN' ? 'zh-CN' : 'en');

/**
 * Creates or edits a user. `invite` edits a user who cannot sign in (imported by name) down to what they
 * need to: an e-mail, a password and a language, all required.
 */
function UserModal({
  user,
  invite,
  opened,
  onClose,
}: {
  user: User | null;
  invite: boolean;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const { teams } = useTeams();
  const initial = {
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? 'rep',
    teamId: user?.teamId ?? '',
    locale: user ? inviteLocale(user, adminLocale(i18n.language)) : 'zh-CN',
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
      email: [...(user && !invite ? [] : [rules.required]), rules.email, rules.maxLength(254)],
      password: user && !invite ? [(v) => (v ? rules.password(v) : null)] : [rules.required, rules.password],
    };
    return form.submit(spec, async (v) => {
      const body = invite
        ? { email: v.email.trim(), password: v.password, locale: v.locale }
        : {
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
          { label: t('fields.name'), value: v.name.trim() },
          { label: t('fields.email'), value: v.email.trim() || '—' },
          { label: t('fields.role'), value: t(`enums.role.${v.role as 'rep'}`) },
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
      title={
        invite && user
          ? t('admin.inviteNamed', { name: user.name })
          : user
            ? t('admin.editUser')
            : t('admin.newUser')
      }
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
          {invite && user && <Text size="sm">{t('admin.inviteText', { name: user.name })}</Text>}
          {invite ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('fields.email')}
                type="email"
                required
                data-autofocus
                autoComplete="off"
                {...form.input('email')}
              />
              <Select
                label={t('fields.language')}
                data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
                value={form.values.locale}
                onChange={form.set('locale')}
                allowDeselect={false}
              />
              <PasswordInput
                label={t('auth.password')}
                description={t('admin.invitePasswordHint')}
                required
                autoComplete="new-password"
                {...form.input('password')}
              />
            </SimpleGrid>
          ) : (
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
                // Someone imported without a password has no current one to keep.
                label={user && user.canSignIn !== false ? t('admin.newPassword') : t('auth.password')}
                description={
                  user?.canSignIn === false ? t('admin.invitePasswordHint') : t('admin.passwordHint')
                }
                required={!user}
                autoComplete="new-password"
                {...form.input('password')}
              />
            </SimpleGrid>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {invite ? t('admin.invite') : user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const ACCESS_COLORS: Record<UserAccess, string> = {
  active: 'teal',
  deactivated: 'gray',
  no_sign_in: 'orange',
};

function AccessBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  const access = userAccess(user);
  const badge = (
    <Badge size="sm" variant="light" color={ACCESS_COLORS[access]} data-testid={`user-access-${access}`}>
      {access === 'no_sign_in' ? t('admin.noSignIn') : t(`enums.userStatus.${access}`)}
    </Badge>
  );
  return access === 'no_sign_in' ? (
    <Tooltip label={t('admin.noSignInHint')} multiline w={260}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

/** Edit, and for a user who cannot sign in, the invitation that gives them an e-mail and a password. */
function RowActions({ user, onEdit, onInvite }: { user: User; onEdit: () => void; onInvite: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {userAccess(user) === 'no_sign_in' && (
        <Button
          size="compact-sm"
          variant="light"
          onClick={onInvite}
          aria-label={t('admin.inviteNamed', { name: user.name })}
        >
          {t('admin.invite')}
        </Button>
      )}
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={onEdit}
        aria-label={t('admin.editNamed', { name: user.name })}
      >
        {t('common.edit')}
      </Button>
    </Group>
  );
}

export default function UsersAdminPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { users, isPending, error } = useUsers();
  const { byId: teams } = useTeams();
  // Phones get cards, as record lists do: seven columns do not fit 390 px.
  const phone = useMediaQuery('(max-width: 48em)');
  const [editing, setEditing] = useState<{ user: User; invite: boolean } | null>(null);
  const [creating, setCreating] = useState(false);
  const languageOf = (u: User) => {
    const code = shownLocale(u);
    return code ? (LANGUAGES.find((l) => l.code === code)?.label ?? code) : '—';
  };
  const teamOf = (u: User) => (u.teamId ? (teams.get(u.teamId)?.name ?? '…') : '—');
  const you = (u: User) =>
    u.id === me.user.id && (
      <Badge size="xs" ml={6} variant="light">
        {t('common.you')}
      </Badge>
    );
  const actions = (u: User) => (
    <RowActions
      user={u}
      onEdit={() => setEditing({ user: u, invite: false })}
      onInvite={() => setEditing({ user: u, invite: true })}
    />
  );
  return (
    <AdminGate subject="users">
      <PageHeader
        title={t('admin.usersTitle')}
        subtitle={t('admin.usersSubtitle')}
        actions={
          <>
            <ExportButton resource="users" query={{ sort: 'name' }} compact={phone} />
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
      {users.length > 0 && phone && (
        <Stack gap="xs" data-testid="users-list">
          {users.map((u) => (
            <Paper key={u.id} withBorder p="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} className="wp-clamp-1">
                  {u.name}
                  {you(u)}
                </Text>
                <AccessBadge user={u} />
              </Group>
              <Text size="sm" c="dimmed" className="wp-clamp-1">
                {u.email ?? '—'}
              </Text>
              <Group justify="space-between" wrap="nowrap" mt={4}>
                <Text size="xs" c="dimmed">
                  {[t(`enums.role.${u.role}`), teamOf(u), languageOf(u)].join(' · ')}
                </Text>
                {actions(u)}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {users.length > 0 && !phone && (
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
                    {you(u)}
                  </Table.Td>
                  <Table.Td>{u.email ?? '—'}</Table.Td>
                  <Table.Td>{t(`enums.role.${u.role}`)}</Table.Td>
                  <Table.Td>{teamOf(u)}</Table.Td>
                  <Table.Td>{languageOf(u)}</Table.Td>
                  <Table.Td>
                    <AccessBadge user={u} />
                  </Table.Td>
                  <Table.Td ta="right">{actions(u)}</Table.Td>
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
        user={editing?.user ?? null}
        invite={!!editing?.invite}
        opened={!!editing || creating}
        onClose={() => {
          setEditing(null);
          setCreating(false);
        }}
      />
    </AdminGate>
  );
}
