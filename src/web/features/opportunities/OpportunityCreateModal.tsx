import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { activeStages } from '../../../core/process/retirement.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { stageLabel } from '../../components/display.tsx';
import { RecordSelect, UserSelect } from '../../components/pickers.tsx';
import { api } from '../../lib/api.ts';
import { notifySaved } from '../../lib/errors.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { invalidateResource, usePipelines } from '../../lib/queries.ts';
import type { Opportunity } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { rules } from '../../lib/validate.ts';

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD'];

export function OpportunityCreateModal({
  opened,
  onClose,
  accountId,
  stageId,
}: {
  opened: boolean;
  onClose: () => void;
  accountId?: string;
  stageId?: string;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { pipelines, defaultPipeline, stageById } = usePipelines();
  const initialPipeline = (stageId && stageById.get(stageId)?.pipelineId) || defaultPipeline?.id || '';
  const initial = {
    name: '',
    accountId: accountId ?? '',
    amount: '',
    currency: me.organization.defaultCurrency,
    expectedCloseDate: '',
    pipelineId: initialPipeline,
    stageId: stageId ?? '',
    ownerId: me.user.id,
    nextStep: '',
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened]);
  const pipeline = pipelines.find((p) => p.id === form.values.pipelineId) ?? defaultPipeline;
  const submit = () =>
    form.submit(
      {
        name: [rules.required, rules.maxLength(200)],
        accountId: [rules.required],
        amount: [rules.money],
        currency: [rules.currency],
        expectedCloseDate: [rules.date],
        nextStep: [rules.maxLength(2000)],
      },
      async (v) => {
        const row = await api.post<Opportunity>('/opportunities', {
          name: v.name.trim(),
          accountId: v.accountId,
          amount: v.amount ? Number(v.amount) : 0,
          currency: v.currency,
          expectedCloseDate: v.expectedCloseDate || null,
          ...(v.pipelineId ? { pipelineId: v.pipelineId } : {}),
          ...(v.stageId ? { stageId: v.stageId } : {}),
          ownerId: v.ownerId || undefined,
          nextStep: v.nextStep.trim() || null,
        });
        await invalidateResource(qc, 'opportunities');
        notifySaved(t, t('opportunities.created', { name: row.name }));
        onClose();
        navigate(`/opportunities/${row.id}`);
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t('opportunities.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <TextInput
            label={t('fields.name')}
            required
            data-autofocus
            placeholder={t('opportunities.namePlaceholder')}
            {...form.input('name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RecordSelect
              resource="accounts"
              label={t('fields.account')}
              required
              value={form.values.accountId || null}
              onChange={form.set('accountId')}
              error={form.errors.accountId}
            />
            <UserSelect
              label={t('fields.owner')}
              value={form.values.ownerId || null}
              onChange={form.set('ownerId')}
              error={form.errors.ownerId}
            />
            <NumberInput
              label={t('fields.amount')}
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={form.values.amount}
              onChange={(x) => form.set('amount')(String(x))}
              error={form.errors.amount}
            />
            <Select
              label={t('fields.currency')}
              data={[...new Set([me.organization.defaultCurrency, ...CURRENCIES])]}
              value={form.values.currency}
              onChange={form.set('currency')}
              error={form.errors.currency}
              allowDeselect={false}
            />
            <TextInput
              type="date"
              label={t('fields.expectedCloseDate')}
              {...form.input('expectedCloseDate')}
            />
            {pipelines.length > 1 && (
              <Select
                label={t('fields.pipeline')}
                data={pipelines.map((p) => ({ value: p.id, label: pipelineName(p, i18n.language) }))}
                value={form.values.pipelineId || null}
                onChange={(x) => {
                  form.set('pipelineId')(x);
                  form.set('stageId')('');
                }}
                error={form.errors.pipelineId}
                allowDeselect={false}
              />
            )}
            <Select
              label={t('fields.stage')}
              // A new deal starts in the first active stage; a retired stage takes none.
              placeholder={stageLabel(activeStages(pipeline?.stages ?? [])[0], i18n.language)}
              data={activeStages(pipeline?.stages ?? []).map((s) => ({
                value: s.id,
                label: `${s.position}. ${stageLabel(s, i18n.language)}`,
              }))}
              value={form.values.stageId || null}
              onChange={form.set('stageId')}
              error={form.errors.stageId}
              clearable
            />
          </SimpleGrid>
          <Textarea label={t('fields.nextStep')} autosize minRows={2} {...form.input('nextStep')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
