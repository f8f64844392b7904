import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { qk } from '../../lib/queries.ts';
import type { Contact, ListPage } from '../../lib/types.ts';

/** The people at an account. */
export function ContactsTable({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const query = { accountId, sort: 'name', limit: 200 };
  const list = useQuery({
    queryKey: qk.list('contacts', query),
    queryFn: ({ signal }) => api.get<ListPage<Contact>>('/contacts', query, signal),
  });
  if (list.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (list.isError) return <Text c="red">{errorMessage(list.error, t)}</Text>;
  if (!list.data.items.length)
    return <EmptyState compact title={t('contacts.noneHereTitle')} text={t('contacts.noneHereText')} />;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={6} data-testid="contacts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.title')}</Table.Th>
            <Table.Th>{t('fields.email')}</Table.Th>
            <Table.Th>{t('fields.phone')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.title ?? '—'}</Table.Td>
              <Table.Td>
                {c.email ? (
                  <Anchor href={`mailto:${c.email}`} size="sm">
                    {c.email}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                {c.phone ? (
                  <Anchor href={`tel:${c.phone}`} size="sm">
                    {c.phone}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
