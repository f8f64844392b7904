// A compact table of deals (on an account or contact page).
import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dealWarnings } from '../../../core/deal-warnings.ts';
import { DateText, Money, StatusBadge, stageLabel, WarningBadges } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { localIsoDate } from '../../lib/format.ts';
import { qk, usePipelines } from '../../lib/queries.ts';
import type { ListPage, Opportunity } from '../../lib/types.ts';

export function DealsTable({
  filter,
  emptyAction,
}: {
  filter: Record<string, string>;
  emptyAction?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { stageById } = usePipelines();
  const query = { ...filter, sort: '-updatedAt', limit: 200 };
  const list = useQuery({
    queryKey: qk.list('opportunities', query),
    queryFn: ({ signal }) => api.get<ListPage<Opportunity>>('/opportunities', query, signal),
  });
  if (list.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (list.isError) return <Text c="red">{errorMessage(list.error, t)}</Text>;
  const rows = list.data.items;
  if (!rows.length)
    return (
      <EmptyState
        compact
        title={t('opportunities.noneHereTitle')}
        text={t('opportunities.noneHereText')}
        action={emptyAction}
      />
    );
  const today = localIsoDate();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={6} data-testid="deals-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.stage')}</Table.Th>
            <Table.Th ta="right">{t('fields.amount')}</Table.Th>
            <Table.Th>{t('fields.expectedCloseDate')}</Table.Th>
            <Table.Th>{t('fields.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm">
                  {o.name}
                </Anchor>
                <WarningBadges warnings={dealWarnings(o, today)} compact />
              </Table.Td>
              <Table.Td>{stageLabel(stageById.get(o.stageId), i18n.language)}</Table.Td>
              <Table.Td ta="right">
                <Money amount={o.amount} currency={o.currency} />
              </Table.Td>
              <Table.Td>
                <DateText value={o.status === 'open' ? o.expectedCloseDate : o.closedAt} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={o.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
