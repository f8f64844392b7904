// Tasks of a record: a short to-do list with due dates; ticking one off marks it done (with If-Match).
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage, notifyError } from '../../lib/errors.ts';
import { invalidateResource, qk } from '../../lib/queries.ts';
import type { Activity, ListPage } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { ActivityItem } from './ActivityItem.tsx';

export function TasksPanel({ filter, canWrite }: { filter: Record<string, string>; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const query = { ...filter, type: 'task', sort: 'startAt', limit: 200 };
  const list = useQuery({
    queryKey: qk.list('activities', query),
    queryFn: ({ signal }) => api.get<ListPage<Activity>>('/activities', query, signal),
  });
  const form = useForm({ subject: '', due: '' });
  const items = list.data?.items ?? [];
  const open = items.filter((a) => a.status === 'planned');
  const done = items.filter((a) => a.status !== 'planned').reverse();

  const complete = async (a: Activity) => {
    try {
      await patch<Activity>('activities', a.id, a.version, { status: 'done' }, () => [
        { label: a.subject, value: t('enums.activityStatus.done') },
      ]);
    } catch (err) {
      notifyError(err, t);
    }
  };
  const add = () =>
    form.submit(
      { subject: [rules.required, rules.maxLength(300)], due: [rules.required, rules.date] },
      async (v) => {
        await api.post('/activities', {
          type: 'task',
          status: 'planned',
          subject: v.subject.trim(),
          startAt: new Date(`${v.due}T09:00:00`).toISOString(),
          ...filter,
        });
        form.reset();
        await invalidateResource(qc, 'activities');
      },
    );

  return (
    <Stack gap="xs">
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
          noValidate
        >
          <Group align="flex-start" gap="xs" wrap="wrap">
            <TextInput
              aria-label={t('tasks.newTask')}
              placeholder={t('tasks.newTask')}
              style={{ flex: 1, minWidth: 180 }}
              size="sm"
              {...form.input('subject')}
            />
            <TextInput type="date" aria-label={t('tasks.due')} size="sm" w={160} {...form.input('due')} />
            <Button type="submit" size="sm" leftSection={<IconPlus size={14} />} loading={form.submitting}>
              {t('tasks.add')}
            </Button>
          </Group>
        </form>
      )}
      {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {list.isError && <Text c="red">{errorMessage(list.error, t)}</Text>}
      {list.isSuccess && !items.length && (
        <EmptyState compact title={t('tasks.emptyTitle')} text={t('tasks.emptyText')} />
      )}
      <div>
        {open.map((a) => (
          <ActivityItem key={a.id} activity={a} onComplete={canWrite ? complete : undefined} />
        ))}
        {done.slice(0, 10).map((a) => (
          <ActivityItem key={a.id} activity={a} />
        ))}
      </div>
    </Stack>
  );
}
