// One activity in a list or timeline: what, when, with whom / on which deal, and the next action on it.
import { Anchor, Badge, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isOverdue } from '../../../core/activity-overdue.ts';
import { formatDate, formatDateTime, formatTime } from '../../lib/format.ts';
import type { Activity } from '../../lib/types.ts';
import { ActivityIcon } from './activityIcons.tsx';
import { parseDebrief } from './debrief.ts';

export function ActivityItem({
  activity: a,
  accountName,
  dealName,
  onRecordOutcome,
  onComplete,
  showDay = true,
}: {
  activity: Activity;
  accountName?: string;
  dealName?: string;
  onRecordOutcome?: (a: Activity) => void;
  onComplete?: (a: Activity) => Promise<unknown> | undefined;
  showDay?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [completing, setCompleting] = useState(false);
  const lang = i18n.language;
  const planned = a.status === 'planned';
  const overdue = isOverdue(a);
  const debrief = parseDebrief(a.notes);
  const when = a.startAt
    ? a.type === 'task'
      ? formatDate(a.startAt, lang)
      : showDay
        ? formatDateTime(a.startAt, lang)
        : formatTime(a.startAt, lang)
    : t('activities.noDate');
  return (
    <Group
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py="xs"
      className="wp-timeline-item"
      data-testid="activity-item"
    >
      {a.type === 'task' && onComplete && planned ? (
        <Checkbox
          mt={4}
          aria-label={t('tasks.complete', { subject: a.subject })}
          checked={completing}
          disabled={completing}
          onChange={async () => {
            setCompleting(true);
            try {
              await onComplete(a);
            } finally {
              setCompleting(false);
            }
          }}
        />
      ) : (
        <ActivityIcon type={a.type} />
      )}
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" wrap="wrap">
          <Anchor
            component={Link}
            to={`/activities/${a.id}`}
            fw={500}
            size="sm"
            td={a.status === 'cancelled' ? 'line-through' : undefined}
          >
            {a.subject}
          </Anchor>
          <Badge size="xs" variant="light" color="gray">
            {t(`enums.activityType.${a.type}`)}
          </Badge>
          {a.status !== 'planned' && (
            <Badge size="xs" variant="outline" color={a.status === 'done' ? 'teal.9' : 'gray'}>
              {t(`enums.activityStatus.${a.status}`)}
            </Badge>
          )}
          {overdue && (
            <Badge size="xs" color="red" variant="light">
              {t('activities.overdue')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {when}
          {accountName && (
            <>
              {' · '}
              <Anchor component={Link} to={`/accounts/${a.accountId}`} size="xs" c="dimmed">
                {accountName}
              </Anchor>
            </>
          )}
          {dealName && (
            <>
              {' · '}
              <Anchor component={Link} to={`/opportunities/${a.opportunityId}`} size="xs" c="dimmed">
                {dealName}
              </Anchor>
            </>
          )}
        </Text>
        {planned && a.goal && (
          <Text size="sm" className="wp-clamp-2">
            <Text span c="dimmed" size="sm">
              {t('activities.goal')}:{' '}
            </Text>
            {a.goal}
          </Text>
        )}
        {a.outcome && (
          <Text size="sm" className="wp-clamp-2">
            <Text span c="dimmed" size="sm">
              {t('activities.outcome')}:{' '}
            </Text>
            {a.outcome}
          </Text>
        )}
        {debrief.nextStep && (
          <Text size="sm" className="wp-clamp-1">
            <Text span c="dimmed" size="sm">
              {t('activities.nextStep')}:{' '}
            </Text>
            {debrief.nextStep}
          </Text>
        )}
      </Stack>
      {planned && a.type !== 'task' && onRecordOutcome && (
        <Button size="compact-sm" variant="light" onClick={() => onRecordOutcome(a)}>
          {t('activities.recordOutcome')}
        </Button>
      )}
    </Group>
  );
}
