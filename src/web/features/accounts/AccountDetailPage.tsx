import { Anchor, Button, Grid, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { DeleteRecordButton, FieldsCard, RecordState, useDescribe } from '../../components/detail.tsx';
import { TierBadge } from '../../components/display.tsx';
import { InlineField } from '../../components/InlineField.tsx';
import { NotesPanel } from '../../components/NotesPanel.tsx';
import { OwnerField } from '../../components/OwnerField.tsx';
import { enumOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordSelect } from '../../components/pickers.tsx';
import { listAll } from '../../lib/api.ts';
import { formatTotals, totalsByCurrency } from '../../lib/format.ts';
import { useNames, useUsers } from '../../lib/queries.ts';
import { ACCOUNT_TIERS, type Account, COMPANY_SIZES, type Opportunity } from '../../lib/types.ts';
import { type Describe, useRecord, useRecordSave } from '../../lib/useRecord.ts';
import { checkText, type Rule, rules } from '../../lib/validate.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { TasksPanel } from '../activities/TasksPanel.tsx';
import { ContactCreateModal } from '../contacts/ContactCreateModal.tsx';
import { ContactsTable } from '../contacts/ContactsTable.tsx';
import { DealsTable } from '../opportunities/DealsTable.tsx';
import { OpportunityCreateModal } from '../opportunities/OpportunityCreateModal.tsx';
import { DuplicateAccountAlert } from './DuplicateAccountAlert.tsx';
import { duplicateAccountsOf } from './duplicates.ts';

export default function AccountDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { byId: users } = useUsers();
  const [params, setParams] = useSearchParams();
  const [addingContact, contactModal] = useDisclosure(false);
  const [addingDeal, dealModal] = useDisclosure(false);
  const account = useRecord<Account>('accounts', id);
  const describeFields = useDescribe({
    name: t('fields.name'),
    tier: t('fields.tier'),
    industry: t('fields.industry'),
    size: t('fields.size'),
    website: t('fields.website'),
    ownerId: t('fields.owner'),
    parentId: t('fields.parentAccount'),
  });
  // "Save anyway" sends allowDuplicate: no change of the account's, so the conflict dialog leaves it out.
  const describe = useCallback<Describe>(
    ({ allowDuplicate: _, ...change }) => describeFields(change),
    [describeFields],
  );
  const save = useRecordSave<Account>('accounts', id, describe);
  const parentNames = useNames('accounts', [account.data?.parentId]);
  const openDeals = useQuery({
    queryKey: ['opportunities', 'list', { accountId: id, status: 'open', all: true }],
    queryFn: ({ signal }) =>
      listAll<Opportunity>('/opportunities', { accountId: id, status: 'open' }, { signal }),
    enabled: !!id,
  });

  if (!account.data) return <RecordState query={account} backTo="/accounts" />;
  const a = account.data;
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  const v = (list: Rule[]) => (value: string) => checkText(value, ...list);
  const tab = params.get('tab') ?? 'deals';
  const pipelineTotal = formatTotals(
    totalsByCurrency(openDeals.data ?? []),
    i18n.language,
    me.organization.defaultCurrency,
  );

  return (
    <>
      <PageHeader
        title={a.name}
        badges={<TierBadge tier={a.tier} />}
        crumbs={[{ label: t('nav.accounts'), to: '/accounts' }]}
        subtitle={[a.industry, users.get(a.ownerId)?.name].filter(Boolean).join(' · ')}
        actions={
          canWrite && (
            <DeleteRecordButton
              resource="accounts"
              id={a.id}
              version={a.version}
              name={a.name}
              backTo="/accounts"
            />
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <FieldsCard title={t('common.details')}>
              <InlineField
                // A duplicate's link opens another account on this same page: start its name afresh.
                key={a.id}
                label={t('fields.name')}
                field="name"
                value={a.name}
                editor={{ kind: 'text' }}
                readOnly={!canWrite}
                validate={v([rules.required, rules.maxLength(200)])}
                onSave={(x) => save({ name: x.trim() })}
                refusal={({ error, value, retry, saving }) => {
                  const duplicates = duplicateAccountsOf(error);
                  return (
                    duplicates && (
                      <DuplicateAccountAlert
                        duplicates={duplicates}
                        proceedLabel={t('accounts.duplicate.saveAnyway')}
                        proceeding={saving}
                        onProceed={() => retry(() => save({ name: value.trim(), allowDuplicate: true }))}
                      />
                    )
                  );
                }}
              />
              <InlineField
                label={t('fields.tier')}
                field="tier"
                value={a.tier}
                display={<TierBadge tier={a.tier} />}
                editor={{ kind: 'select', options: enumOptions(ACCOUNT_TIERS, 'tier', t) }}
                readOnly={!canWrite}
                onSave={(x) => save({ tier: x })}
              />
              <InlineField
                label={t('fields.industry')}
                field="industry"
                value={a.industry}
                editor={{ kind: 'text' }}
                readOnly={!canWrite}
                validate={v([rules.maxLength(200)])}
                onSave={(x) => save({ industry: x.trim() || null })}
              />
              <InlineField
                label={t('fields.size')}
                field="size"
                value={a.size}
                display={a.size ? t(`enums.size.${a.size}`) : '—'}
                editor={{ kind: 'select', options: enumOptions(COMPANY_SIZES, 'size', t), clearable: true }}
                readOnly={!canWrite}
                onSave={(x) => save({ size: x || null })}
              />
              <InlineField
                label={t('fields.website')}
                field="website"
                value={a.website}
                display={
                  a.website ? (
                    <Anchor
                      href={/^https?:\/\//.test(a.website) ? a.website : `https://${a.website}`}
                      target="_blank"
                      rel="noreferrer"
                      size="sm"
                    >
                      {a.website}
                    </Anchor>
                  ) : undefined
                }
                editor={{ kind: 'text', type: 'url' }}
                readOnly={!canWrite}
                validate={v([rules.url, rules.maxLength(300)])}
                onSave={(x) => save({ website: x.trim() || null })}
              />
              <OwnerField ownerId={a.ownerId} readOnly={!canWrite} onSave={(x) => save({ ownerId: x })} />
              <InlineField
                label={t('fields.parentAccount')}
                field="parentId"
                value={a.parentId}
                display={
                  a.parentId ? (
                    <Anchor component={Link} to={`/accounts/${a.parentId}`} size="sm">
                      {parentNames.get(a.parentId) ?? '…'}
                    </Anchor>
                  ) : undefined
                }
                editor={{
                  kind: 'custom',
                  render: (p) => (
                    <RecordSelect
                      resource="accounts"
                      label={p.label}
                      value={p.value || null}
                      onChange={(x) => p.onChange(x ?? '')}
                      error={p.error}
                    />
                  ),
                }}
                readOnly={!canWrite}
                onSave={(x) => save({ parentId: x || null })}
              />
            </FieldsCard>
            <Paper withBorder p="md">
              <Text size="xs" c="dimmed" fw={500}>
                {t('accounts.openPipeline')}
              </Text>
              <Text size="xl" fw={700} data-testid="account-pipeline-total">
                {pipelineTotal}
              </Text>
              <Text size="xs" c="dimmed">
                {t('home.openDeals', { count: openDeals.data?.length ?? 0 })}
              </Text>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md">
            <Tabs
              value={tab}
              onChange={(x) => setParams(x && x !== 'deals' ? { tab: x } : {}, { replace: true })}
              keepMounted={false}
            >
              <Tabs.List mb="sm">
                <Tabs.Tab value="deals">{t('nav.opportunities')}</Tabs.Tab>
                <Tabs.Tab value="contacts">{t('nav.contacts')}</Tabs.Tab>
                <Tabs.Tab value="timeline">{t('detail.timeline')}</Tabs.Tab>
                <Tabs.Tab value="tasks">{t('detail.tasks')}</Tabs.Tab>
                <Tabs.Tab value="notes">{t('detail.notes')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="deals">
                <Stack gap="xs">
                  {canWrite && (
                    <Button
                      size="xs"
                      leftSection={<IconPlus size={14} />}
                      onClick={dealModal.open}
                      style={{ alignSelf: 'flex-start' }}
                    >
                      {t('opportunities.new')}
                    </Button>
                  )}
                  <DealsTable filter={{ accountId: a.id }} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="contacts">
                <Stack gap="xs">
                  {canWrite && (
                    <Button
                      size="xs"
                      leftSection={<IconPlus size={14} />}
                      onClick={contactModal.open}
                      style={{ alignSelf: 'flex-start' }}
                    >
                      {t('contacts.new')}
                    </Button>
                  )}
                  <ContactsTable accountId={a.id} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="timeline">
                <ActivityTimeline
                  filter={{ accountId: a.id }}
                  defaults={{ accountId: a.id }}
                  canWrite={canWrite}
                />
              </Tabs.Panel>
              <Tabs.Panel value="tasks">
                <TasksPanel filter={{ accountId: a.id }} canWrite={canWrite} />
              </Tabs.Panel>
              <Tabs.Panel value="notes">
                <NotesPanel parent={{ accountId: a.id }} canWrite={canWrite} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
      <ContactCreateModal opened={addingContact} onClose={contactModal.close} accountId={a.id} stay />
      <OpportunityCreateModal opened={addingDeal} onClose={dealModal.close} accountId={a.id} />
    </>
  );
}
