// After a visit or call: what happened (outcome), what was learned, and the next step — which can also
// become the deal's next step and a follow-up task.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { notifyError, notifySaved } from '../../lib/errors.ts';
import { invalidateResource } from '../../lib/queries.ts';
import type { Activity, Opportunity } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { SaveCancelled, usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { composeDebrief, parseDebrief } from './debrief.ts';

export function RecordOutcomeModal({
  activity,
  onClose,
}: {
  activity: Activity | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const form = useForm({ outcome: '', learned: '', nextStep: '', dueDate: '', updateDeal: 'true' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: fill the form when another activity opens
  useEffect(() => {
    if (!activity) return;
    const d = parseDebrief(activity.notes);
    form.reset({
      outcome: activity.outcome ?? '',
      learned: d.learned,
      nextStep: d.nextStep,
      dueDate: '',
      updateDeal: activity.opportunityId ? 'true' : '',
    });
  }, [activity?.id]);

  const submit = () =>
    form.submit(
      {
        outcome: [rules.required, rules.maxLength(5000)],
        learned: [rules.maxLength(15000)],
        nextStep: [rules.maxLength(2000)],
        dueDate: [rules.date],
      },
      async (v) => {
        if (!activity) return;
        try {
          await patch<Activity>(
            'activities',
            activity.id,
            activity.version,
            { status: 'done', outcome: v.outcome.trim(), notes: composeDebrief(v.learned, v.nextStep) },
            () => [{ label: t('activities.outcome'), value: v.outcome.trim() }],
          );
        } catch (err) {
          if (err instanceof SaveCancelled) return;
          throw err;
        }
        const next = v.nextStep.trim();
        if (next && activity.opportunityId && v.updateDeal) {
          try {
            const deal = await api.get<Opportunity>(`/opportunities/${activity.opportunityId}`);
            await patch<Opportunity>('opportunities', deal.id, deal.version, { nextStep: next }, () => [
              { label: t('fields.nextStep'), value: next },
            ]);
          } catch (err) {
            notifyError(err, t, t('activities.dealNotUpdated'));
          }
        }
        if (next && v.dueDate) {
          await api.post<Activity>('/activities', {
            type: 'task',
            status: 'planned',
            subject: next,
            startAt: new Date(`${v.dueDate}T09:00:00`).toISOString(),
            accountId: activity.accountId,
            opportunityId: activity.opportunityId,
          });
        }
        await Promise.all([invalidateResource(qc, 'activities'), invalidateResource(qc, 'opportunities')]);
        notifySaved(t, t('activities.outcomeSaved'));
        onClose();
      },
    );

  return (
    <Modal opened={!!activity} onClose={onClose} title={t('activities.recordOutcomeTitle')} size="lg">
      {activity && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
        >
          <Stack>
            <Text fw={500}>{activity.subject}</Text>
            {activity.goal && (
              <Text size="sm" c="dimmed">
                {t('activities.goal')}: {activity.goal}
              </Text>
            )}
            {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
            <Textarea
              label={t('activities.outcome')}
              description={t('activities.outcomeHint')}
              required
              autosize
              minRows={2}
              data-autofocus
              {...form.input('outcome')}
            />
            <Textarea
              label={t('activities.learned')}
              description={t('activities.learnedHint')}
              autosize
              minRows={3}
              {...form.input('learned')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('activities.nextStep')} {...form.input('nextStep')} />
              <TextInput
                type="date"
                label={t('activities.followUpDue')}
                description={t('activities.followUpHint')}
                {...form.input('dueDate')}
              />
            </SimpleGrid>
            {activity.opportunityId && (
              <Checkbox
                label={t('activities.updateDealNextStep')}
                checked={!!form.values.updateDeal}
                onChange={(e) => form.set('updateDeal')(e.currentTarget.checked ? 'true' : '')}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('activities.saveOutcome')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
