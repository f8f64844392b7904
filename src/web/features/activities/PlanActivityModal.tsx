// Plan a visit, call, meeting … : when, with whom (contacts of the account), on which deal, and the goal.
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions } from '../../components/options.ts';
import { ContactsMultiSelect, RecordSelect } from '../../components/pickers.tsx';
import { api } from '../../lib/api.ts';
import { notifySaved } from '../../lib/errors.ts';
import { fromLocalInput, toLocalInput } from '../../lib/format.ts';
import { invalidateResource } from '../../lib/queries.ts';
import { ACTIVITY_TYPES, type Activity, type ActivityType } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { fieldProblemText, type Rule, rules } from '../../lib/validate.ts';

export type PlanDefaults = {
  type?: ActivityType;
  accountId?: string | null;
  opportunityId?: string | null;
  contactIds?: string[];
  subject?: string;
};

/** Tomorrow 10:00 local time, the usual slot for a planned visit. */
function defaultStart(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(10, 0, 0, 0);
  return toLocalInput(d.toISOString());
}

const needsGoal = (type: string) =>
  type === 'visit' || type === 'call' || type === 'meeting' || type === 'demo';

export function PlanActivityModal({
  opened,
  onClose,
  defaults,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  defaults?: PlanDefaults;
  onCreated?: (a: Activity) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const initial = {
    type: defaults?.type ?? 'visit',
    subject: defaults?.subject ?? '',
    startAt: defaultStart(),
    durationMinutes: '60',
    accountId: defaults?.accountId ?? '',
    opportunityId: defaults?.opportunityId ?? '',
    contactIds: (defaults?.contactIds ?? []).join(','),
    goal: '',
  };
  const form = useForm(initial);
  // Opening again starts from the caller's defaults (the page may have changed them).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the modal opens
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened]);

  const close = () => onClose();
  const contactIds = form.values.contactIds ? form.values.contactIds.split(',') : [];
  const submit = () => {
    const spec: Partial<Record<keyof typeof initial, Rule[]>> = {
      subject: [rules.required, rules.maxLength(300)],
      startAt: [rules.required],
      durationMinutes: [rules.integer],
      goal: [...(needsGoal(form.values.type) ? [rules.required] : []), rules.maxLength(5000)],
    };
    return form.submit(spec, async (v) => {
      const startAt = fromLocalInput(v.startAt);
      if (!startAt) {
        form.setErrors({ startAt: fieldProblemText({ code: 'date' }) });
        return;
      }
      const row = await api.post<Activity>('/activities', {
        type: v.type,
        status: 'planned',
        subject: v.subject.trim(),
        startAt,
        durationMinutes: v.durationMinutes ? Number(v.durationMinutes) : null,
        accountId: v.accountId || null,
        opportunityId: v.opportunityId || null,
        participantContactIds: v.contactIds ? v.contactIds.split(',') : [],
        goal: v.goal.trim() || null,
      });
      await invalidateResource(qc, 'activities');
      notifySaved(t, t('activities.planned'));
      onCreated?.(row);
      close();
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('activities.planTitle')} size="lg">
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
            <Select
              label={t('fields.type')}
              data={enumOptions(ACTIVITY_TYPES, 'activityType', t)}
              value={form.values.type}
              onChange={form.set('type')}
              allowDeselect={false}
            />
            <TextInput
              label={t('fields.subject')}
              required
              placeholder={t(`activities.subjectPlaceholder.${form.values.type as ActivityType}`)}
              {...form.input('subject')}
            />
            <TextInput
              type="datetime-local"
              label={t('fields.startAt')}
              required
              {...form.input('startAt')}
            />
            <Select
              label={t('fields.duration')}
              data={['15', '30', '45', '60', '90', '120', '180', '240'].map((m) => ({
                value: m,
                label: t('activities.minutes', { count: Number(m) }),
              }))}
              value={form.values.durationMinutes || null}
              onChange={form.set('durationMinutes')}
              error={form.errors.durationMinutes}
              clearable
            />
            <RecordSelect
              resource="accounts"
              label={t('fields.account')}
              value={form.values.accountId || null}
              onChange={(v) => {
                form.set('accountId')(v);
                form.set('contactIds')('');
                form.set('opportunityId')('');
              }}
              error={form.errors.accountId}
            />
            <RecordSelect
              resource="opportunities"
              label={t('fields.opportunity')}
              filters={{ accountId: form.values.accountId || undefined, status: 'open' }}
              value={form.values.opportunityId || null}
              onChange={form.set('opportunityId')}
              error={form.errors.opportunityId}
            />
          </SimpleGrid>
          <ContactsMultiSelect
            label={t('activities.participants')}
            accountId={form.values.accountId || null}
            value={contactIds}
            onChange={(ids) => form.set('contactIds')(ids.join(','))}
            error={form.errors.contactIds}
          />
          <Textarea
            label={t('activities.goal')}
            description={t('activities.goalHint')}
            required={needsGoal(form.values.type)}
            autosize
            minRows={2}
            {...form.input('goal')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('activities.plan')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
