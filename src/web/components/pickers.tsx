// Selects for references: users from the directory, and accounts / deals / contacts searched by name.
import { MultiSelect, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { useNames, useUsers } from '../lib/queries.ts';

type Base = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (value: string | null) => void;
};

/** Active users of the organization (owners, managers). */
export function UserSelect({ value, onChange, ...rest }: Base) {
  const { users } = useUsers();
  const data = useMemo(
    () =>
      users
        .filter((u) => u.status === 'active' || u.id === value)
        .map((u) => ({ value: u.id, label: u.name })),
    [users, value],
  );
  return <Select searchable {...rest} data={data} value={value} onChange={(v) => onChange(v)} />;
}

/** An account, deal or contact found by name search (server-side), optionally within filters. */
export function RecordSelect({
  resource,
  filters,
  value,
  onChange,
  ...rest
}: Base & {
  resource: 'accounts' | 'contacts' | 'opportunities';
  filters?: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const names = useNames(resource, value ? [value] : []);
  const selectedName = value ? names.get(value) : undefined;
  // While the box shows the selected name, list everything rather than searching for that name.
  const q = debounced && debounced !== selectedName ? debounced : undefined;
  const results = useQuery({
    queryKey: [resource, 'search', q ?? '', filters ?? {}],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>(
        `/${resource}`,
        { q, limit: 30, sort: 'name', ...filters },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data = useMemo(() => {
    const items = (results.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
    if (value && selectedName && !items.some((i) => i.value === value))
      items.unshift({ value, label: selectedName });
    return items;
  }, [results.data, value, selectedName]);
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('common.noMatches')}
      filter={({ options }) => options}
      {...rest}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v) => onChange(v)}
    />
  );
}

/** Contacts of one account (the people who take part in a visit or call). */
export function ContactsMultiSelect({
  accountId,
  value,
  onChange,
  label,
  error,
}: {
  accountId: string | null;
  value: string[];
  onChange: (ids: string[]) => void;
  label: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const contacts = useQuery({
    queryKey: ['contacts', 'ofAccount', accountId],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string; title: string | null }[] }>(
        '/contacts',
        { accountId: accountId ?? undefined, limit: 200, sort: 'name' },
        signal,
      ),
    enabled: !!accountId,
    staleTime: 30_000,
  });
  const data = (contacts.data?.items ?? []).map((c) => ({
    value: c.id,
    label: c.title ? `${c.name} · ${c.title}` : c.name,
  }));
  return (
    <MultiSelect
      label={label}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      error={error}
      disabled={!accountId}
      placeholder={accountId ? undefined : t('activities.pickAccountFirst')}
      nothingFoundMessage={
        contacts.isFetching
          ? t('common.loading')
          : data.length
            ? t('common.noMatches')
            : t('contacts.noneHereTitle')
      }
    />
  );
}
