// My day for managers and admins: the milestone criteria their reps completed that wait for their
// confirmation (the server lists exactly those the confirm action accepts from them). Each links to its
// deal, where the checklist has the confirm button. Hidden for roles that never confirm.
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { pick } from '../../lib/process.ts';
import type { PendingAnswer } from './my-day.ts';

const SHOWN = 8;

export function ConfirmationsCard({ uid }: { uid: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const pending = useQuery({
    queryKey: ['home', uid, 'confirmations'],
    queryFn: ({ signal }) => api.get<PendingAnswer>('/confirmations/pending', { limit: SHOWN }, signal),
  });
  if (pending.isPending || (pending.isSuccess && !pending.data.canConfirm)) return null;
  const items = pending.data?.items ?? [];
  const total = pending.data?.total ?? 0;
  return (
    <Paper withBorder p="md" data-testid="home-confirmations">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('home.confirmations')}
        </Title>
        {total > 0 && (
          <Badge color="orange" variant="light" data-testid="confirmations-total">
            {total}
          </Badge>
        )}
      </Group>
      {pending.isError && <Text c="red">{errorMessage(pending.error, t)}</Text>}
      {pending.isSuccess && !items.length && (
        <Text size="sm" c="dimmed">
          {t('home.confirmationsEmpty')}
        </Text>
      )}
      <Stack gap={0}>
        {items.map((c) => (
          <Stack
            key={`${c.opportunityId}:${c.criterionId}`}
            gap={2}
            py={8}
            className="wp-timeline-item"
            data-testid="pending-confirmation"
          >
            <Anchor
              component={Link}
              to={`/opportunities/${c.opportunityId}`}
              size="sm"
              fw={500}
              className="wp-clamp-1"
            >
              {c.opportunityName}
            </Anchor>
            <Text size="sm" className="wp-clamp-2">
              {pick(lang, c.labelEn, c.labelZh)}
              <Text span size="xs" c="dimmed">
                {' · '}
                {pick(lang, c.stage.nameEn, c.stage.nameZh)}
              </Text>
            </Text>
            <Text size="xs" c="dimmed" className="wp-clamp-1">
              {t('process.completedBy', { name: c.completedBy.name, date: formatDate(c.completedAt, lang) })}
              {c.note ? ` · ${c.note}` : ''}
            </Text>
          </Stack>
        ))}
      </Stack>
      {total > items.length && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('home.moreConfirmations', { count: total - items.length })}
        </Text>
      )}
    </Paper>
  );
}
