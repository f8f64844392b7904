// The activity timeline of a record (account, deal): what is planned next, then what happened, newest
// first. Visits and calls can be planned from here and debriefed afterwards.
import { Button, Divider, Group, Stack, Text } from '@mantine/core';
import { IconPhone, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { qk, useNames } from '../../lib/queries.ts';
import type { Activity, ListPage } from '../../lib/types.ts';
import { ActivityItem } from './ActivityItem.tsx';
import { PlanActivityModal, type PlanDefaults } from './PlanActivityModal.tsx';
import { RecordOutcomeModal } from './RecordOutcomeModal.tsx';

export function ActivityTimeline({
  filter,
  defaults,
  canWrite,
  showDeal = true,
}: {
  filter: Record<string, string>;
  defaults: PlanDefaults;
  canWrite: boolean;
  showDeal?: boolean;
}) {
  const { t } = useTranslation();
  const [planning, setPlanning] = useState<PlanDefaults | null>(null);
  const [debriefing, setDebriefing] = useState<Activity | null>(null);
  const query = { ...filter, sort: '-startAt', limit: 200, type: 'visit,call,meeting,demo,email' };
  const list = useQuery({
    queryKey: qk.list('activities', query),
    queryFn: ({ signal }) => api.get<ListPage<Activity>>('/activities', query, signal),
  });
  const items = list.data?.items ?? [];
  const deals = useNames('opportunities', showDeal ? items.map((a) => a.opportunityId) : []);
  const upcoming = items.filter((a) => a.status === 'planned').reverse();
  const past = items.filter((a) => a.status !== 'planned');

  const item = (a: Activity) => (
    <ActivityItem
      key={a.id}
      activity={a}
      dealName={a.opportunityId ? deals.get(a.opportunityId) : undefined}
      onRecordOutcome={canWrite ? setDebriefing : undefined}
    />
  );

  return (
    <Stack gap="xs">
      {canWrite && (
        <Group gap="xs">
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setPlanning({ ...defaults, type: 'visit' })}
          >
            {t('activities.planVisit')}
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPhone size={14} />}
            onClick={() => setPlanning({ ...defaults, type: 'call' })}
          >
            {t('activities.planCall')}
          </Button>
        </Group>
      )}
      {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {list.isError && <Text c="red">{errorMessage(list.error, t)}</Text>}
      {list.isSuccess && !items.length && (
        <EmptyState
          compact
          title={t('activities.timelineEmptyTitle')}
          text={t('activities.timelineEmptyText')}
        />
      )}
      {upcoming.length > 0 && (
        <>
          <Divider label={t('activities.upcoming')} labelPosition="left" />
          <div>{upcoming.map(item)}</div>
        </>
      )}
      {past.length > 0 && (
        <>
          <Divider label={t('activities.history')} labelPosition="left" />
          <div>{past.map(item)}</div>
        </>
      )}
      <PlanActivityModal
        opened={!!planning}
        onClose={() => setPlanning(null)}
        defaults={planning ?? defaults}
      />
      <RecordOutcomeModal activity={debriefing} onClose={() => setDebriefing(null)} />
    </Stack>
  );
}
