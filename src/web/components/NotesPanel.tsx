// Notes on a record: add one (validated, never blank), read them newest first, delete your own.
import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../app/RequireAuth.tsx';
import { api } from '../lib/api.ts';
import { errorMessage, notifyError } from '../lib/errors.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { invalidateResource, qk, useUsers } from '../lib/queries.ts';
import type { ListPage, Note } from '../lib/types.ts';
import { useForm } from '../lib/useForm.ts';
import { rules } from '../lib/validate.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { EmptyState } from './EmptyState.tsx';

export function NotesPanel({ parent, canWrite }: { parent: Record<string, string>; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const { byId } = useUsers();
  const query = { ...parent, sort: '-createdAt', limit: 100 };
  const list = useQuery({
    queryKey: qk.list('notes', query),
    queryFn: ({ signal }) => api.get<ListPage<Note>>('/notes', query, signal),
  });
  const form = useForm({ body: '' });
  const add = () =>
    form.submit({ body: [rules.required, rules.maxLength(20000)] }, async (v) => {
      await api.post('/notes', { body: v.body.trim(), ...parent });
      form.reset();
      await invalidateResource(qc, 'notes');
    });
  const remove = async (n: Note) => {
    try {
      await api.delete(`/notes/${n.id}`, n.version);
      await invalidateResource(qc, 'notes');
    } catch (err) {
      notifyError(err, t);
    }
  };
  const notes = list.data?.items ?? [];
  return (
    <Stack gap="sm">
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
          noValidate
        >
          <Stack gap={6}>
            <Textarea
              aria-label={t('notes.new')}
              placeholder={t('notes.placeholder')}
              autosize
              minRows={2}
              {...form.input('body')}
            />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={form.submitting}>
                {t('notes.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {list.isError && <Text c="red">{errorMessage(list.error, t)}</Text>}
      {list.isSuccess && !notes.length && (
        <EmptyState compact title={t('notes.emptyTitle')} text={t('notes.emptyText')} />
      )}
      {notes.map((n) => (
        <Paper key={n.id} withBorder p="sm" data-testid="note">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {n.body}
          </Text>
          <Group justify="space-between" mt={6}>
            <Text size="xs" c="dimmed" title={formatDateTime(n.createdAt, i18n.language)}>
              {byId.get(n.ownerId)?.name ?? '—'} · {formatRelative(n.createdAt, i18n.language)}
            </Text>
            {canWrite && (n.ownerId === me.user.id || me.user.role === 'admin') && (
              <ConfirmAction message={t('notes.confirmDelete')} onConfirm={() => remove(n)}>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('notes.delete')}>
                  <IconTrash size={14} />
                </ActionIcon>
              </ConfirmAction>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
