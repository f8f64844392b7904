import { Anchor, Button, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DRILL_KEYS } from '../../../core/analytics/drill.ts';
import { NO_PRODUCT } from '../../../core/analytics/model.ts';
import { dealWarnings } from '../../../core/deal-warnings.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { DateText, Money, StatusBadge, stageLabel, WarningBadges } from '../../components/display.tsx';
import { enumOptions, ownerOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { listAll } from '../../lib/api.ts';
import { formatDate, formatMoneyCompact, localIsoDate } from '../../lib/format.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { useNames, usePipelines, useTeams, useUsers } from '../../lib/queries.ts';
import {
  FORECAST_CATEGORIES,
  OPPORTUNITY_STATUSES,
  type Opportunity,
  type Product,
} from '../../lib/types.ts';
import { insightStageName } from '../insights/stageName.ts';
import { OpportunityCreateModal } from './OpportunityCreateModal.tsx';

type Ctx = { owner: (id: string) => string; account: (id: string) => string; today: string };

/** What the deal rows need besides themselves: owner and account names, and today for warnings. */
function useDealsCtx(rows: Opportunity[]): Ctx {
  const { byId } = useUsers();
  const accounts = useNames(
    'accounts',
    rows.map((r) => r.accountId),
  );
  return {
    owner: (id) => byId.get(id)?.name ?? '—',
    account: (id) => accounts.get(id) ?? '…',
    today: localIsoDate(),
  };
}

export default function OpportunitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { users } = useUsers();
  const { pipelines, stageById } = usePipelines();
  const { byId: teamById } = useTeams();
  const [params] = useSearchParams();
  // Product names only when a drill-down names a product.
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: ({ signal }) => listAll<Product>('/products', { sort: 'name' }, { signal }),
    enabled: params.has('productId'),
  });
  const [creating, create] = useDisclosure(false);
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  const lang = i18n.language;
  const currency = me.organization.defaultCurrency;

  const columns: Column<Opportunity, Ctx>[] = [
    { key: 'name', label: t('fields.name'), render: (o) => o.name, sortKey: 'name' },
    {
      key: 'account',
      label: t('fields.account'),
      render: (o, x) => (
        <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
          {x.account(o.accountId)}
        </Anchor>
      ),
    },
    { key: 'stage', label: t('fields.stage'), render: (o) => stageLabel(stageById.get(o.stageId), lang) },
    {
      key: 'amount',
      label: t('fields.amount'),
      render: (o) => <Money amount={o.amount} currency={o.currency} />,
      sortKey: 'amount',
      align: 'right',
    },
    {
      key: 'expectedCloseDate',
      label: t('fields.expectedCloseDate'),
      render: (o) => <DateText value={o.expectedCloseDate} />,
      sortKey: 'expectedCloseDate',
    },
    { key: 'owner', label: t('fields.owner'), render: (o, x) => x.owner(o.ownerId) },
    { key: 'status', label: t('fields.status'), render: (o) => <StatusBadge status={o.status} /> },
    {
      key: 'warnings',
      label: t('fields.warnings'),
      render: (o, x) => <WarningBadges warnings={dealWarnings(o, x.today)} compact />,
    },
    {
      key: 'forecastCategory',
      label: t('fields.forecastCategory'),
      render: (o) => t(`enums.forecast.${o.forecastCategory}`),
      hiddenByDefault: true,
    },
    { key: 'nextStep', label: t('fields.nextStep'), render: (o) => o.nextStep ?? '—', hiddenByDefault: true },
    {
      key: 'closedAt',
      label: t('fields.closedAt'),
      render: (o) => <DateText value={o.closedAt} />,
      sortKey: 'closedAt',
      hiddenByDefault: true,
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      render: (o) => <DateText value={o.createdAt} />,
      sortKey: 'createdAt',
      hiddenByDefault: true,
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      render: (o) => <DateText value={o.updatedAt} />,
      sortKey: 'updatedAt',
      hiddenByDefault: true,
    },
  ];

  const stageOptions = pipelines.flatMap((p) =>
    p.stages.map((s) => ({
      value: s.id,
      label:
        pipelines.length > 1
          ? `${pipelineName(p, lang)} · ${stageLabel(s, lang)}`
          : `${s.position}. ${stageLabel(s, lang)}`,
    })),
  );
  const names = (ids: string, name: (id: string) => string | undefined) =>
    ids
      .split(',')
      .map((id) => name(id) ?? '…')
      .join(', ');
  /** The drill-down's filters in words: "Team (with sub-teams): East", "Closed from Jul 1, 2026". */
  const describeFilter = (key: string, value: string): string => {
    const date = (v: string) => formatDate(v.slice(0, 10), lang);
    switch (key) {
      case 'ownerTeamId':
        return t('drill.ownerTeam', { name: names(value, (id) => teamById.get(id)?.name) });
      case 'ownerTeamTreeId':
        return t('drill.ownerTeamTree', { name: names(value, (id) => teamById.get(id)?.name) });
      case 'pipelineId':
        return t('drill.pipeline', {
          name: names(value, (id) => {
            const p = pipelines.find((x) => x.id === id);
            return p && pipelineName(p, lang);
          }),
        });
      case 'productId':
        return t('drill.product', {
          // `none`: the deals without a product (the win rates' "No product" row).
          name: names(value, (id) =>
            id === NO_PRODUCT ? t('insights.noProduct') : products.data?.find((p) => p.id === id)?.name,
          ),
        });
      case 'reachedStageId':
        // Named as the funnel it comes from names it: a retired stage is marked so.
        return t('drill.reachedStage', {
          name: names(value, (id) => {
            const s = stageById.get(id);
            return s && insightStageName(s, lang, (stage) => t('insights.retiredStage', { stage }));
          }),
        });
      case 'closedAtFrom':
      case 'createdAtFrom':
      case 'expectedCloseDateFrom':
        return t(`drill.${key}`, { date: date(value) });
      case 'closedAtTo':
      case 'createdAtTo':
      case 'expectedCloseDateTo':
        return t(`drill.${key}`, { date: date(value) });
      default:
        return `${key}: ${value}`;
    }
  };
  const amountOptions = [100_000, 500_000, 1_000_000, 5_000_000].map((n) => ({
    value: String(n),
    label: `≥ ${formatMoneyCompact(n, currency, lang)}`,
  }));

  return (
    <>
      <PageHeader
        title={t('opportunities.title')}
        actions={
          <Group gap="xs">
            <Button
              component={Link}
              to="/board"
              variant="default"
              leftSection={<IconLayoutKanban size={16} />}
            >
              {t('nav.board')}
            </Button>
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
                {t('opportunities.new')}
              </Button>
            )}
          </Group>
        }
      />
      <RecordList<Opportunity, Ctx>
        resource="opportunities"
        columns={columns}
        filters={[
          { key: 'ownerId', label: t('fields.owner'), kind: 'select', options: ownerOptions(users, t) },
          {
            key: 'status',
            label: t('fields.status'),
            kind: 'multi',
            options: enumOptions(OPPORTUNITY_STATUSES, 'status', t),
          },
          { key: 'stageId', label: t('fields.stage'), kind: 'multi', options: stageOptions },
          {
            key: 'forecastCategory',
            label: t('fields.forecastCategory'),
            kind: 'multi',
            options: enumOptions(FORECAST_CATEGORIES, 'forecast', t),
          },
          { key: 'amountFrom', label: t('fields.amount'), kind: 'select', options: amountOptions },
        ]}
        sortOptions={[
          { value: '-updatedAt', label: t('sort.recentlyUpdated') },
          { value: '-amount', label: t('sort.amountDesc') },
          { value: 'expectedCloseDate', label: t('sort.closingSoon') },
          { value: 'name', label: t('sort.nameAsc') },
          { value: '-createdAt', label: t('sort.newest') },
        ]}
        defaultSort="-updatedAt"
        searchPlaceholder={t('opportunities.search')}
        builtInViews={[
          {
            id: 'mine-open',
            name: t('opportunities.viewMineOpen'),
            q: '',
            sort: 'expectedCloseDate',
            filters: { ownerId: 'me', status: 'open' },
            builtIn: true,
          },
          {
            id: 'open',
            name: t('opportunities.viewOpen'),
            q: '',
            sort: '-amount',
            filters: { status: 'open' },
            builtIn: true,
          },
          {
            id: 'won',
            name: t('opportunities.viewWon'),
            q: '',
            sort: '-closedAt',
            filters: { status: 'won' },
            builtIn: true,
          },
        ]}
        hiddenFilters={DRILL_KEYS.filter(
          (k) => !['status', 'ownerId', 'stageId', 'forecastCategory', 'amountFrom'].includes(k),
        )}
        describeFilter={describeFilter}
        rowHref={(o) => `/opportunities/${o.id}`}
        useContext={useDealsCtx}
        empty={{
          title: t('opportunities.emptyTitle'),
          text: t('opportunities.emptyText'),
          action: canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              {t('opportunities.new')}
            </Button>
          ),
        }}
      />
      <OpportunityCreateModal opened={creating} onClose={create.close} />
    </>
  );
}
