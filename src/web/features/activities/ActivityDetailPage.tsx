import { Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { DeleteRecordButton, FieldsCard, RecordState, useDescribe } from '../../components/detail.tsx';
import { InlineField } from '../../components/InlineField.tsx';
import { OwnerField } from '../../components/OwnerField.tsx';
import { enumOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ContactsMultiSelect, RecordSelect } from '../../components/pickers.tsx';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../lib/format.ts';
import { useNames, useUsers } from '../../lib/queries.ts';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, type Activity } from '../../lib/types.ts';
import { useRecord, useRecordSave } from '../../lib/useRecord.ts';
import { checkText, type Rule, rules } from '../../lib/validate.ts';
import { ActivityIcon } from './activityIcons.tsx';
import { composeDebrief, parseDebrief } from './debrief.ts';
import { RecordOutcomeModal } from './RecordOutcomeModal.tsx';

export default function ActivityDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { byId: users } = useUsers();
  const activity = useRecord<Activity>('activities', id);
  const [debriefing, setDebriefing] = useState(false);
  const describe = useDescribe({
    subject: t('fields.subject'),
    type: t('fields.type'),
    status: t('fields.status'),
    startAt: t('fields.startAt'),
    durationMinutes: t('fields.duration'),
    accountId: t('fields.account'),
    opportunityId: t('fields.opportunity'),
    participantContactIds: t('activities.participants'),
    goal: t('activities.goal'),
    outcome: t('activities.outcome'),
    notes: t('activities.debrief'),
    ownerId: t('fields.owner'),
  });
  const save = useRecordSave<Activity>('activities', id, describe);
  const a = activity.data;
  const accounts = useNames('accounts', [a?.accountId]);
  const deals = useNames('opportunities', [a?.opportunityId]);
  const contacts = useNames('contacts', a?.participantContactIds ?? []);

  if (!a) return <RecordState query={activity} backTo="/activities" />;
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  const v =
    (...list: Rule[]) =>
    (value: string) => {
      return checkText(value, ...list);
    };
  const debrief = parseDebrief(a.notes);
  const participants = (a.participantContactIds ?? []).map((cid) => (
    <Anchor key={cid} component={Link} to={`/contacts/${cid}`} size="sm" mr="xs">
      {contacts.get(cid) ?? '…'}
    </Anchor>
  ));

  return (
    <>
      <PageHeader
        title={
          <Group gap="xs" component="span">
            <ActivityIcon type={a.type} />
            {a.subject}
          </Group>
        }
        badges={
          <Badge
            variant="light"
            color={a.status === 'done' ? 'teal' : a.status === 'cancelled' ? 'gray' : 'blue'}
          >
            {t(`enums.activityStatus.${a.status}`)}
          </Badge>
        }
        crumbs={[{ label: t('nav.activities'), to: '/activities' }]}
        subtitle={`${t(`enums.activityType.${a.type}`)} · ${formatDateTime(a.startAt, i18n.language)} · ${users.get(a.ownerId)?.name ?? ''}`}
        actions={
          canWrite && (
            <>
              {a.status === 'planned' && a.type !== 'task' && (
                <Button onClick={() => setDebriefing(true)}>{t('activities.recordOutcome')}</Button>
              )}
              <DeleteRecordButton
                resource="activities"
                id={a.id}
                version={a.version}
                name={a.subject}
                backTo="/activities"
              />
            </>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <FieldsCard title={t('common.details')}>
            <InlineField
              label={t('fields.subject')}
              field="subject"
              value={a.subject}
              editor={{ kind: 'text' }}
              readOnly={!canWrite}
              validate={v(rules.required, rules.maxLength(300))}
              onSave={(x) => save({ subject: x.trim() })}
            />
            <InlineField
              label={t('fields.type')}
              field="type"
              value={a.type}
              display={t(`enums.activityType.${a.type}`)}
              editor={{ kind: 'select', options: enumOptions(ACTIVITY_TYPES, 'activityType', t) }}
              readOnly={!canWrite}
              onSave={(x) => save({ type: x })}
            />
            <InlineField
              label={t('fields.status')}
              field="status"
              value={a.status}
              display={t(`enums.activityStatus.${a.status}`)}
              editor={{ kind: 'select', options: enumOptions(ACTIVITY_STATUSES, 'activityStatus', t) }}
              readOnly={!canWrite}
              onSave={(x) => save({ status: x })}
            />
            <InlineField
              label={t('fields.startAt')}
              field="startAt"
              value={toLocalInput(a.startAt)}
              display={formatDateTime(a.startAt, i18n.language)}
              editor={{
                kind: 'custom',
                render: (p) => (
                  <TextInput
                    type="datetime-local"
                    label={p.label}
                    value={p.value}
                    error={p.error}
                    onChange={(e) => p.setDraft(e.currentTarget.value)}
                    autoFocus
                  />
                ),
              }}
              readOnly={!canWrite}
              onSave={(x) => save({ startAt: fromLocalInput(x) })}
            />
            <InlineField
              label={t('fields.duration')}
              field="durationMinutes"
              value={a.durationMinutes}
              display={a.durationMinutes ? t('activities.minutes', { count: a.durationMinutes }) : '—'}
              editor={{ kind: 'number', min: 0, step: 15 }}
              readOnly={!canWrite}
              validate={v(rules.integer)}
              onSave={(x) => save({ durationMinutes: x ? Number(x) : null })}
            />
            <InlineField
              label={t('fields.account')}
              field="accountId"
              value={a.accountId}
              display={
                a.accountId ? (
                  <Anchor component={Link} to={`/accounts/${a.accountId}`} size="sm">
                    {accounts.get(a.accountId) ?? '…'}
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
            <InlineField
              label={t('fields.opportunity')}
              field="opportunityId"
              value={a.opportunityId}
              display={
                a.opportunityId ? (
                  <Anchor component={Link} to={`/opportunities/${a.opportunityId}`} size="sm">
                    {deals.get(a.opportunityId) ?? '…'}
                  </Anchor>
                ) : undefined
              }
              editor={{
                kind: 'custom',
                render: (p) => (
                  <RecordSelect
                    resource="opportunities"
                    filters={{ accountId: a.accountId ?? undefined }}
                    label={p.label}
                    value={p.value || null}
                    onChange={(x) => p.onChange(x ?? '')}
                    error={p.error}
                  />
                ),
              }}
              readOnly={!canWrite}
              onSave={(x) => save({ opportunityId: x || null })}
            />
            <InlineField
              label={t('activities.participants')}
              field="participantContactIds"
              value={(a.participantContactIds ?? []).join(',')}
              display={participants.length ? <span>{participants}</span> : '—'}
              editor={{
                kind: 'custom',
                render: (p) => (
                  <ContactsMultiSelect
                    label={p.label}
                    accountId={a.accountId}
                    value={p.value ? p.value.split(',') : []}
                    onChange={(ids) => p.setDraft(ids.join(','))}
                    error={p.error}
                  />
                ),
              }}
              readOnly={!canWrite || !a.accountId}
              onSave={(x) => save({ participantContactIds: x ? x.split(',') : [] })}
            />
            <OwnerField ownerId={a.ownerId} readOnly={!canWrite} onSave={(x) => save({ ownerId: x })} />
          </FieldsCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <InlineField
                  label={t('activities.goal')}
                  field="goal"
                  value={a.goal}
                  editor={{ kind: 'textarea' }}
                  readOnly={!canWrite}
                  validate={v(rules.maxLength(5000))}
                  onSave={(x) => save({ goal: x.trim() || null })}
                />
                <InlineField
                  label={t('activities.outcome')}
                  field="outcome"
                  value={a.outcome}
                  editor={{ kind: 'textarea' }}
                  readOnly={!canWrite}
                  validate={v(rules.maxLength(5000))}
                  onSave={(x) => save({ outcome: x.trim() || null })}
                />
                <InlineField
                  label={t('activities.learned')}
                  field="notes"
                  value={debrief.learned}
                  editor={{ kind: 'textarea' }}
                  readOnly={!canWrite}
                  validate={v(rules.maxLength(15000))}
                  onSave={(x) => save({ notes: composeDebrief(x, debrief.nextStep) })}
                />
                <InlineField
                  label={t('activities.nextStep')}
                  field="notes"
                  value={debrief.nextStep}
                  editor={{ kind: 'text' }}
                  readOnly={!canWrite}
                  validate={v(rules.maxLength(2000))}
                  onSave={(x) => save({ notes: composeDebrief(debrief.learned, x) })}
                />
              </Stack>
            </Paper>
            {a.status === 'planned' && a.type !== 'task' && (
              <Text size="sm" c="dimmed">
                {t('activities.debriefHint')}
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <RecordOutcomeModal activity={debriefing ? a : null} onClose={() => setDebriefing(false)} />
    </>
  );
}
