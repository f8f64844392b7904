// The deal's field-level change log: who changed what, when, from what to what.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { stageLabel } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api, listAll } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime, formatMoney, formatRelative } from '../../lib/format.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { qk, useNames, usePipelines, useUsers } from '../../lib/queries.ts';
import type { HistoryEntry, Product } from '../../lib/types.ts';

type Fmt = (field: string, value: unknown) => string;

/** A deletion or restore that came with the deal's account (the server writes `{"with": "account"}`). */
const withAccount = (v: unknown) =>
  typeof v === 'object' && v !== null && (v as { with?: unknown }).with === 'account';

export function HistoryPanel({ id, currency }: { id: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { byId: users } = useUsers();
  const { stageById, pipelines } = usePipelines();
  const history = useInfiniteQuery({
    queryKey: qk.history(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: HistoryEntry[]; nextBefore: number | null }>(
        `/opportunities/${id}/history`,
        { limit: 100, before: pageParam },
        signal,
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const accountIds = items
    .filter((e) => e.field === 'accountId')
    .flatMap((e) => [e.oldValue, e.newValue]) as string[];
  const accounts = useNames('accounts', accountIds);
  const needsProducts = items.some((e) => e.field === 'lineItems');
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: ({ signal }) => listAll<Product>('/products', {}, { signal }),
    enabled: needsProducts,
    staleTime: 300_000,
  });
  const productName = (pid: string) => products.data?.find((p) => p.id === pid)?.name ?? '…';

  const fmt: Fmt = (field, value) => {
    if (value === null || value === undefined || value === '') return '—';
    switch (field) {
      case 'stageId':
        return stageLabel(stageById.get(String(value)), lang);
      case 'pipelineId': {
        const p = pipelines.find((x) => x.id === value);
        return p ? pipelineName(p, lang) : '…';
      }
      case 'ownerId':
        return users.get(String(value))?.name ?? '…';
      case 'accountId':
        return accounts.get(String(value)) ?? '…';
      case 'amount':
        return formatMoney(Number(value), currency, lang);
      case 'expectedCloseDate':
      case 'closedAt':
        return formatDate(String(value), lang);
      case 'status':
        return t(`enums.status.${value as 'open'}`);
      case 'forecastCategory':
        return t(`enums.forecast.${value as 'pipeline'}`);
      case 'lineItems':
        return Array.isArray(value) && value.length
          ? value
              .map(
                (l: { productId: string; quantity: number }) => `${productName(l.productId)} × ${l.quantity}`,
              )
              .join(', ')
          : '—';
      case 'members':
        return Array.isArray(value) && value.length
          ? value.map((m: { userId: string }) => users.get(m.userId)?.name ?? '…').join(', ')
          : '—';
      default:
        return String(value);
    }
  };
  const fieldLabel = (f: string) => {
    const key = `history.fields.${f}`;
    return i18n.exists(key) ? t(key as never) : f;
  };

  if (history.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (history.isError) return <Text c="red">{errorMessage(history.error, t)}</Text>;
  if (!items.length) return <EmptyState compact title={t('history.emptyTitle')} />;
  return (
    <Stack gap={0} data-testid="history">
      {items.map((e) => (
        <Group key={e.id} wrap="nowrap" align="flex-start" py={6} className="wp-timeline-item" gap="sm">
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Text size="sm">
              <b>{e.actor?.name ?? t('history.system')}</b>{' '}
              {e.field === 'created'
                ? t('history.created')
                : e.field === 'deleted'
                  ? withAccount(e.newValue)
                    ? t('history.deletedWithAccount')
                    : t('history.deleted')
                  : e.field === 'restored'
                    ? withAccount(e.newValue)
                      ? t('history.restoredWithAccount')
                      : t('history.restored')
                    : t('history.changed', { field: fieldLabel(e.field) })}
            </Text>
            {!['created', 'deleted', 'restored'].includes(e.field) && (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {fmt(e.field, e.oldValue)} →{' '}
                <Text span c="dark" size="sm">
                  {fmt(e.field, e.newValue)}
                </Text>
              </Text>
            )}
          </Stack>
          <Text size="xs" c="dimmed" title={formatDateTime(e.at, lang)} style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(e.at, lang)}
          </Text>
        </Group>
      ))}
      {history.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          onClick={() => void history.fetchNextPage()}
          loading={history.isFetchingNextPage}
        >
          {t('history.older')}
        </Button>
      )}
    </Stack>
  );
}
