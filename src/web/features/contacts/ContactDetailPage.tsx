import { Anchor, Grid, Paper, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { DeleteRecordButton, FieldsCard, RecordState, useDescribe } from '../../components/detail.tsx';
import { InlineField } from '../../components/InlineField.tsx';
import { NotesPanel } from '../../components/NotesPanel.tsx';
import { OwnerField } from '../../components/OwnerField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordSelect } from '../../components/pickers.tsx';
import { useNames } from '../../lib/queries.ts';
import type { Contact } from '../../lib/types.ts';
import { useRecord, useRecordSave } from '../../lib/useRecord.ts';
import { checkText, type Rule, rules } from '../../lib/validate.ts';
import { ActivityTimeline } from '../activities/ActivityTimeline.tsx';
import { DealsTable } from '../opportunities/DealsTable.tsx';

export default function ContactDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const contact = useRecord<Contact>('contacts', id);
  const describe = useDescribe({
    name: t('fields.name'),
    title: t('fields.title'),
    department: t('fields.department'),
    email: t('fields.email'),
    phone: t('fields.phone'),
    accountId: t('fields.account'),
    ownerId: t('fields.owner'),
  });
  const save = useRecordSave<Contact>('contacts', id, describe);
  const accountNames = useNames('accounts', [contact.data?.accountId]);

  if (!contact.data) return <RecordState query={contact} backTo="/contacts" />;
  const c = contact.data;
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  const v =
    (...list: Rule[]) =>
    (value: string) => {
      return checkText(value, ...list);
    };
  const accountName = c.accountId ? accountNames.get(c.accountId) : undefined;
  const tab = params.get('tab') ?? 'timeline';
  const text = (
    field: 'name' | 'title' | 'department' | 'email' | 'phone',
    label: string,
    list: Rule[],
    type?: 'email' | 'tel',
  ) => (
    <InlineField
      label={label}
      field={field}
      value={c[field]}
      editor={{ kind: 'text', type }}
      readOnly={!canWrite}
      validate={v(...list)}
      onSave={(x) => save({ [field]: field === 'name' ? x.trim() : x.trim() || null })}
    />
  );

  return (
    <>
      <PageHeader
        title={c.name}
        crumbs={[{ label: t('nav.contacts'), to: '/contacts' }]}
        subtitle={
          <>
            {[c.title, c.department].filter(Boolean).join(' · ')}
            {accountName && (
              <>
                {c.title || c.department ? ' · ' : ''}
                <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
                  {accountName}
                </Anchor>
              </>
            )}
          </>
        }
        actions={
          canWrite && (
            <DeleteRecordButton
              resource="contacts"
              id={c.id}
              version={c.version}
              name={c.name}
              backTo="/contacts"
            />
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <FieldsCard title={t('common.details')}>
            {text('name', t('fields.name'), [rules.required, rules.maxLength(200)])}
            {text('title', t('fields.title'), [rules.maxLength(200)])}
            {text('department', t('fields.department'), [rules.maxLength(200)])}
            {text('email', t('fields.email'), [rules.email, rules.maxLength(254)], 'email')}
            {text('phone', t('fields.phone'), [rules.maxLength(50)], 'tel')}
            <InlineField
              label={t('fields.account')}
              field="accountId"
              value={c.accountId}
              display={
                c.accountId ? (
                  <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
                    {accountName ?? '…'}
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
              onSave={(x) => save({ accountId: x || null })}
            />
            <OwnerField ownerId={c.ownerId} readOnly={!canWrite} onSave={(x) => save({ ownerId: x })} />
          </FieldsCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md">
            <Tabs
              value={tab}
              onChange={(x) => setParams(x && x !== 'timeline' ? { tab: x } : {}, { replace: true })}
              keepMounted={false}
            >
              <Tabs.List mb="sm">
                <Tabs.Tab value="timeline">{t('detail.timeline')}</Tabs.Tab>
                <Tabs.Tab value="deals">{t('nav.opportunities')}</Tabs.Tab>
                <Tabs.Tab value="notes">{t('detail.notes')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline">
                {c.accountId ? (
                  <>
                    <Text size="xs" c="dimmed" mb="xs">
                      {t('contacts.timelineOfAccount', { account: accountName ?? '' })}
                    </Text>
                    <ActivityTimeline
                      filter={{ accountId: c.accountId }}
                      defaults={{ accountId: c.accountId, contactIds: [c.id] }}
                      canWrite={canWrite}
                    />
                  </>
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('contacts.noAccountTimeline')}
                  </Text>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="deals">
                {c.accountId ? (
                  <DealsTable filter={{ accountId: c.accountId }} />
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('contacts.noAccountDeals')}
                  </Text>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="notes">
                <NotesPanel parent={{ contactId: c.id }} canWrite={canWrite} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
