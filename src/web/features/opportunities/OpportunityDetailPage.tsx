import { Anchor, Grid, Group, Paper, Stack, Table, Tabs, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { dealWarnings } from '../../../core/deal-warnings.ts';
import { stagesForDeal } from '../../../core/process/retirement.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { DeleteRecordButton, FieldsCard, RecordState, useDescribe } from '../../components/detail.tsx';
import { DateText, Money, StatusBadge, stageLabel, WarningBadges } from '../../components/display.tsx';
import { InlineField } from '../../components/InlineField.tsx';
import { NotesPanel } from '../../components/NotesPanel.tsx';
import { OwnerField } from '../../components/OwnerField.tsx';
import { enumOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordSelect } from '../../components/pickers.tsx';
import { notifyMoveRefused } from '../../components/refusal.tsx';
import { listAll } from '../../lib/api.ts';
import { formatDate, formatMoney, localIsoDate } from '../../lib/format.ts';
import { useHealth, useProcess, useStakeholders } from '../../lib/process.ts';
import { useNames, usePipelines, useUsers } from '../../lib/queries.ts';
import {
  FORECAST_CATEGORIES,
  OPPORTUNITY_STATUSES,
  type Opportunity,
  type Product,
  ROLES,
  type Role,
} from '../../lib/types.ts';
import { SaveCancelled, useRecord, useRecordSave } from '../../lib/useRecord.ts';
import { checkText, type Rule, rules } from '../../lib/validate.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { PlanActivityModal } from '../activities/PlanActivityModal.tsx';
import { TasksPanel } from '../activities/TasksPanel.tsx';
import { HealthPanel } from '../process/HealthPanel.tsx';
import type { Shortcut } from '../process/MilestoneChecklist.tsx';
import { ProcessCard } from '../process/ProcessCard.tsx';
import { StakeholderMap } from '../process/StakeholderMap.tsx';
import { type StakeholderEdit, StakeholderModal } from '../process/StakeholderModal.tsx';
import { statusChange } from './closing.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { useAskReason, useMoveDeal } from './MoveDeal.tsx';
import { CURRENCIES } from './OpportunityCreateModal.tsx';
import { StagePath } from './StagePath.tsx';

export default function OpportunityDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const { byId: users } = useUsers();
  const { pipelines, stageById } = usePipelines();
  const [params, setParams] = useSearchParams();
  const deal = useRecord<Opportunity>('opportunities', id);
  const accountNames = useNames('accounts', [deal.data?.accountId]);
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: ({ signal }) => listAll<Product>('/products', {}, { signal }),
    enabled: !!deal.data?.lineItems?.length,
    staleTime: 300_000,
  });
  // A deal-team role is the member's own words, or a role the app names (presales → 售前).
  const memberRole = (role: string) =>
    role === 'member'
      ? t('opportunities.member')
      : (ROLES as readonly string[]).includes(role)
        ? t(`enums.role.${role as Role}`)
        : role;
  const format = useCallback(
    (field: string, value: unknown) => {
      if (value === null || value === '') return '—';
      if (field === 'stageId') return stageLabel(stageById.get(String(value)), lang);
      if (field === 'ownerId') return users.get(String(value))?.name ?? String(value);
      if (field === 'amount') return formatMoney(Number(value), deal.data?.currency ?? 'CNY', lang);
      if (field === 'expectedCloseDate') return formatDate(String(value), lang);
      if (field === 'status') return t(`enums.status.${value as 'open'}`);
      return String(value);
    },
    [stageById, users, lang, deal.data?.currency, t],
  );
  const describe = useDescribe(
    {
      name: t('fields.name'),
      accountId: t('fields.account'),
      ownerId: t('fields.owner'),
      amount: t('fields.amount'),
      currency: t('fields.currency'),
      expectedCloseDate: t('fields.expectedCloseDate'),
      stageId: t('fields.stage'),
      status: t('fields.status'),
      forecastCategory: t('fields.forecastCategory'),
      nextStep: t('fields.nextStep'),
      closeReason: t('fields.closeReason'),
      keyNeed: t('fields.keyNeed'),
      competitor: t('fields.competitor'),
    },
    format,
  );
  const save = useRecordSave<Opportunity>('opportunities', id, describe);
  const moveDeal = useMoveDeal();
  const askReason = useAskReason();
  const qc = useQueryClient();
  const process = useProcess(id);
  const health = useHealth(id, lang);
  const stakeholders = useStakeholders(id);
  const [stakeholderEdit, setStakeholderEdit] = useState<StakeholderEdit>(null);
  const [planType, setPlanType] = useState<string | null>(null);

  if (!deal.data) return <RecordState query={deal} backTo="/opportunities" />;
  const o = deal.data;
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  const pipeline = pipelines.find((p) => p.id === o.pipelineId);
  const stage = stageById.get(o.stageId);
  const accountName = accountNames.get(o.accountId);
  const warnings = dealWarnings(o, localIsoDate());
  const v =
    (...list: Rule[]) =>
    (value: string) => {
      return checkText(value, ...list);
    };
  const tab = params.get('tab') ?? 'timeline';
  const afterMove = () => {
    void qc.invalidateQueries({
      predicate: (q) =>
        (q.queryKey[0] === 'opportunities' && q.queryKey[2] !== o.id) ||
        q.queryKey[0] === 'home' ||
        (q.queryKey[0] === 'opportunities' && q.queryKey[1] !== 'item'),
    });
  };
  const onShortcut = (sc: Shortcut) => {
    if (sc.kind === 'stakeholder') setStakeholderEdit({ role: sc.role as never });
    else if (sc.kind === 'activity') setPlanType(sc.type);
    else {
      const el = document.querySelector<HTMLElement>(`[data-field="${sc.field}"]`);
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el?.querySelector<HTMLElement>('.wp-field-edit, .wp-field-value')?.click();
    }
  };
  const moveTo = async (stageId: string) => {
    try {
      await moveDeal(o, stageId, pipeline?.stages ?? []);
      afterMove();
    } catch (err) {
      notifyMoveRefused(err, t);
    }
  };
  /** Closing a deal as lost or without a decision needs the reason; ask for it when there is none yet. */
  const saveStatus = async (status: string) => {
    const needsReason = (status === 'lost' || status === 'no_decision') && !o.closeReason?.trim();
    if (!needsReason) return save(statusChange(status, { today: localIsoDate(), createdAt: o.createdAt }));
    const reason = await askReason({
      title: t('opportunities.closeTitle', { status: t(`enums.status.${status as 'lost'}`) }),
      text: t('opportunities.closeText'),
      confirm: t('common.save'),
    });
    if (reason === null) throw new SaveCancelled();
    return save(statusChange(status, { today: localIsoDate(), createdAt: o.createdAt }, reason));
  };

  return (
    <>
      <PageHeader
        title={o.name}
        badges={<StatusBadge status={o.status} />}
        crumbs={[{ label: t('nav.opportunities'), to: '/opportunities' }]}
        subtitle={
          <Group gap={6} wrap="wrap">
            <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
              {accountName ?? '…'}
            </Anchor>
            <Text span size="sm" c="dimmed">
              · <Money amount={o.amount} currency={o.currency} /> · {users.get(o.ownerId)?.name}
            </Text>
          </Group>
        }
        actions={
          canWrite && (
            <DeleteRecordButton
              resource="opportunities"
              id={o.id}
              version={o.version}
              name={o.name}
              backTo="/opportunities"
            />
          )
        }
      />
      {pipeline && o.status === 'open' && (
        <Paper withBorder p="xs" mb="md">
          <StagePath
            stages={stagesForDeal(pipeline.stages, o.stageId)}
            currentId={o.stageId}
            evidencedId={process.data?.evidencedStageId}
            onMove={(s) => void moveTo(s)}
            disabled={!canWrite}
          />
        </Paper>
      )}
      {warnings.length > 0 && (
        <Group mb="md">
          <WarningBadges warnings={warnings} />
        </Group>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            {o.status === 'open' && <HealthPanel health={health.data} />}
            <FieldsCard title={t('common.details')}>
              <InlineField
                label={t('fields.name')}
                field="name"
                value={o.name}
                editor={{ kind: 'text' }}
                readOnly={!canWrite}
                validate={v(rules.required, rules.maxLength(200))}
                onSave={(x) => save({ name: x.trim() })}
              />
              <InlineField
                label={t('fields.account')}
                field="accountId"
                value={o.accountId}
                display={
                  <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
                    {accountName ?? '…'}
                  </Anchor>
                }
                editor={{
                  kind: 'custom',
                  render: (p) => (
                    <RecordSelect
                      resource="accounts"
                      label={p.label}
                      value={p.value || null}
                      onChange={(x) => x && p.onChange(x)}
                      error={p.error}
                      clearable={false}
                    />
                  ),
                }}
                readOnly={!canWrite}
                onSave={(x) => save({ accountId: x })}
              />
              <InlineField
                label={t('fields.amount')}
                field="amount"
                value={o.amount}
                display={<Money amount={o.amount} currency={o.currency} />}
                editor={{ kind: 'number', min: 0 }}
                readOnly={!canWrite || !!o.lineItems?.length}
                validate={v(rules.required, rules.money)}
                onSave={(x) => save({ amount: Number(x.replaceAll(',', '')) })}
              />
              <InlineField
                label={t('fields.currency')}
                field="currency"
                value={o.currency}
                editor={{
                  kind: 'select',
                  options: [...new Set([o.currency, ...CURRENCIES])].map((c) => ({ value: c, label: c })),
                }}
                readOnly={!canWrite}
                validate={v(rules.currency)}
                onSave={(x) => save({ currency: x })}
              />
              <InlineField
                label={t('fields.expectedCloseDate')}
                field="expectedCloseDate"
                value={o.expectedCloseDate}
                display={<DateText value={o.expectedCloseDate} />}
                editor={{ kind: 'date' }}
                readOnly={!canWrite}
                validate={v(rules.date)}
                onSave={(x) => save({ expectedCloseDate: x || null })}
              />
              <InlineField
                label={t('fields.stage')}
                field="stageId"
                value={o.stageId}
                display={`${stageLabel(stage, lang)}${stage ? ` · ${stage.probability}%` : ''}`}
                editor={{
                  kind: 'select',
                  // Retired stages take no deals: only the deal's own is listed beside the active ones.
                  options: stagesForDeal(pipeline?.stages ?? [], o.stageId).map((s) => ({
                    value: s.id,
                    label: `${s.position}. ${stageLabel(s, lang)}`,
                  })),
                }}
                readOnly={!canWrite || o.status !== 'open'}
                onSave={async (x) => {
                  await moveDeal(o, x, pipeline?.stages ?? []);
                  afterMove();
                }}
              />
              <InlineField
                label={t('fields.status')}
                field="status"
                value={o.status}
                display={<StatusBadge status={o.status} />}
                editor={{ kind: 'select', options: enumOptions(OPPORTUNITY_STATUSES, 'status', t) }}
                readOnly={!canWrite}
                onSave={saveStatus}
              />
              {o.status !== 'open' && (
                <>
                  <InlineField
                    label={t('fields.closeReason')}
                    field="closeReason"
                    value={o.closeReason}
                    editor={{ kind: 'textarea' }}
                    readOnly={!canWrite}
                    validate={v(rules.maxLength(2000))}
                    onSave={(x) => save({ closeReason: x.trim() || null })}
                  />
                  <InlineField
                    label={t('fields.closedAt')}
                    field="closedAt"
                    value={o.closedAt}
                    display={<DateText value={o.closedAt} />}
                    editor={{ kind: 'date' }}
                    readOnly={!canWrite}
                    validate={v(rules.required, rules.date)}
                    onSave={(x) => save({ closedAt: x })}
                  />
                </>
              )}
              <InlineField
                label={t('fields.forecastCategory')}
                field="forecastCategory"
                value={o.forecastCategory}
                display={t(`enums.forecast.${o.forecastCategory}`)}
                editor={{ kind: 'select', options: enumOptions(FORECAST_CATEGORIES, 'forecast', t) }}
                readOnly={!canWrite}
                onSave={(x) => save({ forecastCategory: x })}
              />
              <InlineField
                label={t('fields.nextStep')}
                field="nextStep"
                value={o.nextStep}
                editor={{ kind: 'textarea' }}
                readOnly={!canWrite}
                validate={v(rules.maxLength(2000))}
                onSave={(x) => save({ nextStep: x.trim() || null })}
              />
              <InlineField
                label={t('fields.keyNeed')}
                field="keyNeed"
                value={o.keyNeed}
                editor={{ kind: 'textarea' }}
                readOnly={!canWrite}
                validate={v(rules.maxLength(5000))}
                onSave={(x) => save({ keyNeed: x.trim() || null })}
              />
              <InlineField
                label={t('fields.competitor')}
                field="competitor"
                value={o.competitor}
                editor={{ kind: 'text' }}
                readOnly={!canWrite}
                validate={v(rules.maxLength(200))}
                onSave={(x) => save({ competitor: x.trim() || null })}
              />
              <OwnerField ownerId={o.ownerId} readOnly={!canWrite} onSave={(x) => save({ ownerId: x })} />
            </FieldsCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            {process.data && (
              <ProcessCard
                view={process.data}
                canWrite={canWrite && o.status === 'open'}
                me={{ userId: me.user.id, role: me.user.role }}
                onBuyerStep={(buyerStep) => save({ buyerStep })}
                onShortcut={onShortcut}
              />
            )}
            <Paper withBorder p="md">
              <StakeholderMap
                dealId={o.id}
                stakeholders={stakeholders.data ?? []}
                canWrite={canWrite}
                onAdd={() => setStakeholderEdit({})}
                onEdit={(s) => setStakeholderEdit({ stakeholder: s })}
              />
            </Paper>
            <Paper withBorder p="md">
              <Tabs
                value={tab}
                onChange={(x) => setParams(x && x !== 'timeline' ? { tab: x } : {}, { replace: true })}
                keepMounted={false}
              >
                <Tabs.List mb="sm">
                  <Tabs.Tab value="timeline">{t('detail.timeline')}</Tabs.Tab>
                  <Tabs.Tab value="tasks">{t('detail.tasks')}</Tabs.Tab>
                  <Tabs.Tab value="notes">{t('detail.notes')}</Tabs.Tab>
                  <Tabs.Tab value="products">{t('detail.productsTeam')}</Tabs.Tab>
                  <Tabs.Tab value="history">{t('detail.history')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="timeline">
                  <ActivityTimeline
                    filter={{ opportunityId: o.id }}
                    defaults={{ accountId: o.accountId, opportunityId: o.id }}
                    canWrite={canWrite}
                    showDeal={false}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="tasks">
                  <TasksPanel filter={{ opportunityId: o.id, accountId: o.accountId }} canWrite={canWrite} />
                </Tabs.Panel>
                <Tabs.Panel value="notes">
                  <NotesPanel parent={{ opportunityId: o.id }} canWrite={canWrite} />
                </Tabs.Panel>
                <Tabs.Panel value="products">
                  <Stack>
                    <Text fw={500} size="sm">
                      {t('opportunities.lineItems')}
                    </Text>
                    {o.lineItems?.length ? (
                      <Table.ScrollContainer minWidth={420}>
                        <Table verticalSpacing={4}>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>{t('fields.product')}</Table.Th>
                              <Table.Th ta="right">{t('fields.quantity')}</Table.Th>
                              <Table.Th ta="right">{t('fields.unitPrice')}</Table.Th>
                              <Table.Th ta="right">{t('fields.total')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {o.lineItems.map((l) => (
                              <Table.Tr key={`${l.productId}-${l.quantity}-${l.unitPrice}`}>
                                <Table.Td>
                                  {products.data?.find((p) => p.id === l.productId)?.name ?? '…'}
                                </Table.Td>
                                <Table.Td ta="right">{l.quantity}</Table.Td>
                                <Table.Td ta="right">
                                  <Money amount={l.unitPrice} currency={o.currency} />
                                </Table.Td>
                                <Table.Td ta="right">
                                  <Money amount={l.unitPrice * l.quantity} currency={o.currency} />
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('opportunities.noLineItems')}
                      </Text>
                    )}
                    <Text fw={500} size="sm">
                      {t('opportunities.team')}
                    </Text>
                    <Text size="sm">
                      {users.get(o.ownerId)?.name} ({t('fields.owner')})
                      {(o.members ?? [])
                        .map((m) => `, ${users.get(m.userId)?.name ?? '…'} (${memberRole(m.role)})`)
                        .join('')}
                    </Text>
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <HistoryPanel id={o.id} currency={o.currency} />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <StakeholderModal
        dealId={o.id}
        accountId={o.accountId}
        edit={stakeholderEdit}
        onClose={() => setStakeholderEdit(null)}
      />
      <PlanActivityModal
        opened={planType !== null}
        onClose={() => setPlanType(null)}
        defaults={{ type: (planType ?? 'visit') as never, accountId: o.accountId, opportunityId: o.id }}
      />
    </>
  );
}
