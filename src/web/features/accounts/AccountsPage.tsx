import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { DateText, TierBadge } from '../../components/display.tsx';
import { enumOptions, ownerOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { useUsers } from '../../lib/queries.ts';
import { ACCOUNT_TIERS, type Account, COMPANY_SIZES } from '../../lib/types.ts';
import { AccountCreateModal } from './AccountCreateModal.tsx';

type Ctx = { ownerName: (id: string) => string };

function useAccountsCtx(): Ctx {
  const { byId } = useUsers();
  return { ownerName: (id) => byId.get(id)?.name ?? '—' };
}

export default function AccountsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { users } = useUsers();
  const [creating, create] = useDisclosure(false);
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';

  const columns: Column<Account, Ctx>[] = [
    { key: 'name', label: t('fields.name'), render: (a) => a.name, sortKey: 'name' },
    { key: 'tier', label: t('fields.tier'), render: (a) => <TierBadge tier={a.tier} />, sortKey: 'tier' },
    { key: 'industry', label: t('fields.industry'), render: (a) => a.industry ?? '—' },
    { key: 'size', label: t('fields.size'), render: (a) => (a.size ? t(`enums.size.${a.size}`) : '—') },
    { key: 'owner', label: t('fields.owner'), render: (a, c) => c.ownerName(a.ownerId) },
    {
      key: 'website',
      label: t('fields.website'),
      render: (a) =>
        a.website ? (
          <Text size="sm" className="wp-clamp-1">
            {a.website}
          </Text>
        ) : (
          '—'
        ),
      hiddenByDefault: true,
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      render: (a) => <DateText value={a.createdAt} />,
      sortKey: 'createdAt',
      hiddenByDefault: true,
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      render: (a) => <DateText value={a.updatedAt} />,
      sortKey: 'updatedAt',
      hiddenByDefault: true,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              {t('accounts.new')}
            </Button>
          )
        }
      />
      <RecordList<Account, Ctx>
        resource="accounts"
        columns={columns}
        filters={[
          { key: 'ownerId', label: t('fields.owner'), kind: 'select', options: ownerOptions(users, t) },
          {
            key: 'tier',
            label: t('fields.tier'),
            kind: 'multi',
            options: enumOptions(ACCOUNT_TIERS, 'tier', t),
          },
          {
            key: 'size',
            label: t('fields.size'),
            kind: 'multi',
            options: enumOptions(COMPANY_SIZES, 'size', t),
          },
        ]}
        sortOptions={[
          { value: 'name', label: t('sort.nameAsc') },
          { value: '-updatedAt', label: t('sort.recentlyUpdated') },
          { value: '-createdAt', label: t('sort.newest') },
          { value: 'tier', label: t('sort.tier') },
        ]}
        defaultSort="name"
        searchPlaceholder={t('accounts.search')}
        builtInViews={[
          {
            id: 'mine',
            name: t('accounts.viewMine'),
            q: '',
            sort: 'name',
            filters: { ownerId: 'me' },
            builtIn: true,
          },
          {
            id: 'strategic',
            name: t('accounts.viewStrategic'),
            q: '',
            sort: 'name',
            filters: { tier: 'strategic,key' },
            builtIn: true,
          },
        ]}
        rowHref={(a) => `/accounts/${a.id}`}
        useContext={useAccountsCtx}
        empty={{
          title: t('accounts.emptyTitle'),
          text: t('accounts.emptyText'),
          action: canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              {t('accounts.new')}
            </Button>
          ),
        }}
      />
      <AccountCreateModal opened={creating} onClose={create.close} />
    </>
  );
}
