// Quotas (admins): an amount to win in a period, for a person (counting toward their team in roll-ups) or
// for a team itself (replacing the sum of its members'). Coverage and attainment in Insights read them.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parsePeriod } from '../../../core/analytics/periods.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { DateText, Money } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, listAll } from '../../lib/api.ts';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors.ts';
import { formatPeriod, periodOptions } from '../../lib/insights.ts';
import { invalidateResource, useTeams, useUsers } from '../../lib/queries.ts';
import type { Quota } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { AdminGate } from './AdminGate.tsx';

/** The month or quarter a quota's dates are exactly, else null. */
export function periodOfDates(start: string, end: string): string | null {
  const month = start.slice(0, 7);
  for (const key of [month, `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`]) {
    const p = parsePeriod(key);
    if (p.start === start && p.end === end) return key;
  }
  return null;
}

function QuotaModal({
  quota,
  opened,
  onClose,
}: {
  quota: Quota | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const { users } = useUsers();
  const { teams } = useTeams();
  const current = new Date().toISOString().slice(0, 7);
  const initial = {
    subject: quota && !quota.userId ? 'team' : 'user',
    userId: quota?.userId ?? '',
    teamId: quota?.teamId ?? '',
    periodStart: quota?.periodStart ?? parsePeriod(current).start,
    periodEnd: quota?.periodEnd ?? parsePeriod(current).end,
    amount: quota ? String(quota.amount) : '',
    note: quota?.note ?? '',
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another quota
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened, quota?.id]);
  const v = form.values;
  const period = periodOfDates(v.periodStart, v.periodEnd);
  const submit = () =>
    form.submit(
      {
        [v.subject === 'team' ? 'teamId' : 'userId']: [rules.required],
        periodStart: [rules.required],
        periodEnd: [rules.required],
        amount: [rules.required, rules.money],
        note: [rules.maxLength(2000)],
      },
      async (x) => {
        const body = {
          userId: x.subject === 'user' ? x.userId : null,
          teamId: x.subject === 'team' ? x.teamId : null,
          periodStart: x.periodStart,
          periodEnd: x.periodEnd,
          amount: Number(x.amount),
          note: x.note.trim() || null,
        };
        if (quota) await patch<Quota>('quotas', quota.id, quota.version, body);
        else await api.post<Quota>('/quotas', body);
        await Promise.all([
          invalidateResource(qc, 'quotas'),
          qc.invalidateQueries({ queryKey: ['insights'] }),
        ]);
        notifySaved(t);
        onClose();
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={quota ? t('quotas.edit') : t('quotas.new')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <SegmentedControl
            value={v.subject}
            onChange={form.set('subject')}
            data={[
              { value: 'user', label: t('quotas.forPerson') },
              { value: 'team', label: t('quotas.forTeam') },
            ]}
            aria-label={t('quotas.subject')}
          />
          {v.subject === 'user' ? (
            <Select
              label={t('quotas.person')}
              required
              searchable
              data={users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name }))}
              value={v.userId || null}
              onChange={form.set('userId')}
              error={form.errors.userId}
            />
          ) : (
            <Select
              label={t('quotas.team')}
              required
              data={teams.map((x) => ({ value: x.id, label: x.name }))}
              value={v.teamId || null}
              onChange={form.set('teamId')}
              error={form.errors.teamId}
              description={t('quotas.teamHelp')}
            />
          )}
          <Select
            label={t('quotas.period')}
            description={t('quotas.periodHelp')}
            data={periodOptions(current, i18n.language).map((g) => ({
              group: t(g.group === 'quarter' ? 'insights.quarters' : 'insights.months'),
              items: g.items,
            }))}
            value={period}
            placeholder={t('quotas.customDates')}
            onChange={(key) => {
              if (!key) return;
              const p = parsePeriod(key);
              form.set('periodStart')(p.start);
              form.set('periodEnd')(p.end);
            }}
          />
          <SimpleGrid cols={2}>
            <TextInput type="date" label={t('quotas.start')} required {...form.input('periodStart')} />
            <TextInput type="date" label={t('quotas.end')} required {...form.input('periodEnd')} />
          </SimpleGrid>
          <NumberInput
            label={t('quotas.amount')}
            required
            min={0}
            decimalScale={2}
            thousandSeparator=","
            value={v.amount}
            onChange={(x) => form.set('amount')(String(x))}
            error={form.errors.amount}
          />
          <Textarea label={t('quotas.note')} autosize minRows={2} {...form.input('note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {quota ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function QuotasAdminPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
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
  return (
    <AdminGate>
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
      {rows.length > 0 && (
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
              {rows.map((q) => {
                const period = periodOfDates(q.periodStart, q.periodEnd);
                return (
                  <Table.Tr key={q.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {subject(q)}
                        {!q.userId && (
                          <Badge size="xs" variant="light">
                            {t('quotas.forTeam')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {period ? (
                        formatPeriod(period, i18n.language)
                      ) : (
                        <>
                          <DateText value={q.periodStart} /> – <DateText value={q.periodEnd} />
                        </>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Money amount={q.amount} currency={me.organization.defaultCurrency} />
                    </Table.Td>
                    <Table.Td>{q.note ?? ''}</Table.Td>
                    <Table.Td ta="right">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setEditing(q)}
                          aria-label={t('admin.editNamed', { name: subject(q) })}
                        >
                          {t('common.edit')}
                        </Button>
                        <ConfirmAction
                          message={t('quotas.confirmDelete', { name: subject(q) })}
                          onConfirm={() => remove(q)}
                        >
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('quotas.deleteNamed', { name: subject(q) })}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </ConfirmAction>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
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
      />
    </AdminGate>
  );
}
