import { Anchor, Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { DateText } from '../../components/display.tsx';
import { ownerOptions } from '../../components/options.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type Column, RecordList } from '../../components/RecordList.tsx';
import { useNames, useUsers } from '../../lib/queries.ts';
import type { Contact } from '../../lib/types.ts';
import { ContactCreateModal } from './ContactCreateModal.tsx';

type Ctx = { owner: (id: string) => string; account: (id: string | null) => string };

/** What the contact rows need besides themselves: owner and account names. */
function useContactsCtx(rows: Contact[]): Ctx {
  const { byId } = useUsers();
  const accounts = useNames(
    'accounts',
    rows.map((r) => r.accountId),
  );
  return {
    owner: (id) => byId.get(id)?.name ?? '—',
    account: (id) => (id ? (accounts.get(id) ?? '…') : '—'),
  };
}

export default function ContactsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { users } = useUsers();
  const [creating, create] = useDisclosure(false);
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';

  const columns: Column<Contact, Ctx>[] = [
    { key: 'name', label: t('fields.name'), render: (c) => c.name, sortKey: 'name' },
    { key: 'title', label: t('fields.title'), render: (c) => c.title ?? '—' },
    {
      key: 'account',
      label: t('fields.account'),
      render: (c, x) =>
        c.accountId ? (
          <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
            {x.account(c.accountId)}
          </Anchor>
        ) : (
          '—'
        ),
    },
    { key: 'email', label: t('fields.email'), render: (c) => c.email ?? '—' },
    { key: 'phone', label: t('fields.phone'), render: (c) => c.phone ?? '—' },
    {
      key: 'department',
      label: t('fields.department'),
      render: (c) => c.department ?? '—',
      hiddenByDefault: true,
    },
    { key: 'owner', label: t('fields.owner'), render: (c, x) => x.owner(c.ownerId), hiddenByDefault: true },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      render: (c) => <DateText value={c.updatedAt} />,
      sortKey: 'updatedAt',
      hiddenByDefault: true,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              {t('contacts.new')}
            </Button>
          )
        }
      />
      <RecordList<Contact, Ctx>
        resource="contacts"
        columns={columns}
        filters={[
          { key: 'ownerId', label: t('fields.owner'), kind: 'select', options: ownerOptions(users, t) },
        ]}
        sortOptions={[
          { value: 'name', label: t('sort.nameAsc') },
          { value: '-updatedAt', label: t('sort.recentlyUpdated') },
          { value: '-createdAt', label: t('sort.newest') },
        ]}
        defaultSort="name"
        searchPlaceholder={t('contacts.search')}
        builtInViews={[
          {
            id: 'mine',
            name: t('contacts.viewMine'),
            q: '',
            sort: 'name',
            filters: { ownerId: 'me' },
            builtIn: true,
          },
        ]}
        rowHref={(c) => `/contacts/${c.id}`}
        useContext={useContactsCtx}
        empty={{
          title: t('contacts.emptyTitle'),
          text: t('contacts.emptyText'),
          action: canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
              {t('contacts.new')}
            </Button>
          ),
        }}
      />
      <ContactCreateModal opened={creating} onClose={create.close} />
    </>
  );
}
