// The form of a quota (new or edited). Refusals show on their fields. A person's or team's quotas do not
// overlap: a second quota for the same period is refused on the person or team, one whose period overlaps
// another's on the dates, naming that quota's period and amount; either way the form offers to edit that one
// instead.
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parsePeriod } from '../../../core/analytics/periods.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { api } from '../../lib/api.ts';
import { notifySaved } from '../../lib/errors.ts';
import { formatDate, formatMoney, localMonth } from '../../lib/format.ts';
import { formatPeriod, periodOptions } from '../../lib/insights.ts';
import { invalidateResource, useTeams, useUsers } from '../../lib/queries.ts';
import type { Quota } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { type QuotaConflict, quotaConflictOf } from './quota-conflict.ts';

/** The month or quarter a quota's dates are exactly, else null. */
export function periodOfDates(start: string, end: string): string | null {
  const month = start.slice(0, 7);
  for (const key of [month, `${start.slice(0, 4)}-Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`]) {
    const p = parsePeriod(key);
    if (p.start === start && p.end === end) return key;
  }
  return null;
}

export function QuotaModal({
  quota,
  opened,
  onClose,
  onEditExisting,
}: {
  quota: Quota | null;
  opened: boolean;
  onClose: () => void;
  /** Opens the subject's quota for the same or an overlapping period (after a 409 `duplicate_quota` or `quota_overlap`). */
  onEditExisting: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const patch = usePatch();
  const { users } = useUsers();
  const { teams } = useTeams();
  const current = localMonth();
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
  // The subject's other quota the server named when it refused this one (same or overlapping period).
  const [conflict, setConflict] = useState<QuotaConflict | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another quota
  useEffect(() => {
    if (opened) form.reset(initial);
    setConflict(null);
  }, [opened, quota?.id]);
  const v = form.values;
  // A changed subject or period is another question: the refusal no longer applies. The changed field's own
  // error clears with the change; an overlap is said on both dates, so the other date's error goes too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared when any of these changes
  useEffect(() => {
    if (conflict?.kind === 'overlap')
      form.setErrors((e) => ({ ...e, periodStart: undefined, periodEnd: undefined }));
    setConflict(null);
  }, [v.subject, v.userId, v.teamId, v.periodStart, v.periodEnd]);
  const period = periodOfDates(v.periodStart, v.periodEnd);
  const overlap = conflict?.kind === 'overlap' ? conflict : null;
  const periodLabel = (start: string, end: string) => {
    const key = periodOfDates(start, end);
    return key
      ? formatPeriod(key, i18n.language)
      : `${formatDate(start, i18n.language)} – ${formatDate(end, i18n.language)}`;
  };
  // The overlap is said once, under the dates (an alert, announced when it appears), with the other quota's
  // period and amount in the user's language and currency; both dates are marked invalid.
  const overlapText = overlap?.other
    ? t('quotas.overlaps', {
        period: periodLabel(overlap.other.periodStart, overlap.other.periodEnd),
        amount: formatMoney(overlap.other.amount, me.organization.defaultCurrency, i18n.language),
      })
    : overlap
      ? t('quotas.overlapsAnother')
      : null;
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
        setConflict(null);
        try {
          if (quota) await patch<Quota>('quotas', quota.id, quota.version, body);
          else await api.post<Quota>('/quotas', body);
        } catch (err) {
          setConflict(quotaConflictOf(err));
          throw err; // its field errors show on the person or team, or on the dates
        }
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
          {conflict?.kind === 'duplicate' && conflict.id && (
            <Alert color="yellow" data-testid="quota-exists">
              <Group justify="space-between" gap="xs">
                <Text size="sm">{t('quotas.exists')}</Text>
                <Button size="compact-sm" variant="light" onClick={() => onEditExisting(conflict.id!)}>
                  {t('quotas.editExisting')}
                </Button>
              </Group>
            </Alert>
          )}
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
            <TextInput
              type="date"
              label={t('quotas.start')}
              required
              {...form.input('periodStart')}
              error={overlap ? true : form.errors.periodStart}
            />
            <TextInput
              type="date"
              label={t('quotas.end')}
              required
              {...form.input('periodEnd')}
              error={overlap ? true : form.errors.periodEnd}
            />
          </SimpleGrid>
          {overlap && (
            <Alert color="red" data-testid="quota-overlap" mt={-8} py="xs">
              <Group justify="space-between" gap="xs">
                <Text size="sm">{overlapText}</Text>
                {overlap.id && (
                  <Button size="compact-sm" variant="light" onClick={() => onEditExisting(overlap.id!)}>
                    {t('quotas.editExisting')}
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {/* No clamping: a negative amount is refused with a word, not silently turned into 0. */}
          <NumberInput
            label={t('quotas.amount')}
            required
            min={0}
            clampBehavior="none"
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
