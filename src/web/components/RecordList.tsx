// The list view of a record type: search, filters, sort, column choice and saved views, as a table on
// wide screens and as cards on phones. Rows are loaded 50 at a time (cursor paging).
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Collapse,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Paper,
  Popover,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowUp,
  IconBookmark,
  IconColumns,
  IconFilter,
  IconSearch,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../app/RequireAuth.tsx';
import { api } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { qk, type ResourceName } from '../lib/queries.ts';
import type { ListPage } from '../lib/types.ts';
import { fieldProblemText } from '../lib/validate.ts';
import {
  apiQuery,
  deleteView,
  type ListState,
  loadColumns,
  loadViews,
  paramsFromState,
  type SavedView,
  sameState,
  saveColumns,
  saveView,
  stateFromParams,
  toggleSort,
} from '../lib/views.ts';
import { EmptyState } from './EmptyState.tsx';
import { ExportButton } from './ExportButton.tsx';
import type { Option } from './InlineField.tsx';

export type Column<T, C> = {
  key: string;
  label: string;
  render: (row: T, ctx: C) => ReactNode;
  /** API sort key when the column can be sorted. */
  sortKey?: string;
  hiddenByDefault?: boolean;
  align?: 'left' | 'right';
};

export type Filter =
  | { key: string; label: string; kind: 'select'; options: Option[] }
  | { key: string; label: string; kind: 'multi'; options: Option[] };

type Props<T extends { id: string }, C> = {
  resource: ResourceName;
  /** Name of the list for saved views and columns (defaults to the resource). */
  listId?: string;
  columns: Column<T, C>[];
  filters: Filter[];
  sortOptions: Option[];
  defaultSort: string;
  searchable?: boolean;
  searchPlaceholder?: string;
  builtInViews?: SavedView[];
  rowHref: (row: T) => string;
  /** Resolves what the cells need besides the row (names of related records …); called as a hook. */
  useContext: (rows: T[]) => C;
  empty: { title: string; text: string; action?: ReactNode };
  /** Fixed API filters (e.g. only this account's contacts). */
  baseQuery?: Record<string, string>;
  /**
   * Filters taken from the URL without an input of their own (the drill-down from a dashboard figure sets
   * them): shown as removable chips, described by `describeFilter`.
   */
  hiddenFilters?: readonly string[];
  describeFilter?: (key: string, value: string) => string;
};

const PAGE = 50;

export function RecordList<T extends { id: string }, C>(props: Props<T, C>) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const listId = props.listId ?? props.resource;
  const filterKeys = [...props.filters.map((f) => f.key), ...(props.hiddenFilters ?? [])];
  const state = stateFromParams(params, filterKeys, props.defaultSort);
  const [search, setSearch] = useState(state.q);
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [showFilters, setShowFilters] = useState(false);
  const [views, setViews] = useState(() => loadViews(me.user.id, listId));
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  const defaultColumns = props.columns.filter((c) => !c.hiddenByDefault).map((c) => c.key);
  const [visible, setVisible] = useState(() => loadColumns(me.user.id, listId, defaultColumns));

  const apply = (next: ListState) => setParams(paramsFromState(next, props.defaultSort), { replace: true });

  // The search box writes to the URL once typing pauses.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the debounced text changes
  useEffect(() => {
    if (debouncedSearch.trim() !== state.q.trim()) apply({ ...state, q: debouncedSearch });
  }, [debouncedSearch]);

  const query = { ...apiQuery(state, me.user.id), ...props.baseQuery };
  const list = useInfiniteQuery({
    queryKey: qk.list(props.resource, query),
    queryFn: ({ pageParam, signal }) =>
      api.get<ListPage<T>>(`/${props.resource}`, { ...query, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const ctx = props.useContext(rows);

  const columns = props.columns.filter((c) => visible.includes(c.key));
  const setColumns = (keys: string[]) => {
    const ordered = props.columns.map((c) => c.key).filter((k) => keys.includes(k));
    setVisible(ordered);
    saveColumns(me.user.id, listId, ordered);
  };

  const allViews = [...(props.builtInViews ?? []), ...views];
  const activeView = allViews.find((v) => sameState(v, state));
  const filtered = !!state.q || Object.keys(state.filters).length > 0;
  const applyView = (v: SavedView) => {
    setSearch(v.q);
    apply({ q: v.q, sort: v.sort, filters: v.filters });
    if (v.columns?.length) setColumns(v.columns);
  };
  const clearAll = () => {
    setSearch('');
    apply({ q: '', sort: props.defaultSort, filters: {} });
  };

  const sortLabel = (c: Column<T, C>) => {
    if (!c.sortKey) return c.label;
    const dir = state.sort === c.sortKey ? 'asc' : state.sort === `-${c.sortKey}` ? 'desc' : null;
    return (
      <UnstyledButton
        onClick={() => apply({ ...state, sort: toggleSort(state.sort, c.sortKey!) })}
        aria-label={t('list.sortBy', { field: c.label })}
        fw={600}
        fz="sm"
      >
        <Group gap={2} wrap="nowrap">
          {c.label}
          {dir === 'asc' && <IconArrowUp size={14} />}
          {dir === 'desc' && <IconArrowDown size={14} />}
        </Group>
      </UnstyledButton>
    );
  };

  const filterInputs = props.filters.map((f) =>
    f.kind === 'select' ? (
      <Select
        key={f.key}
        aria-label={f.label}
        placeholder={f.label}
        data={f.options}
        value={state.filters[f.key] ?? null}
        onChange={(v) => apply({ ...state, filters: { ...state.filters, [f.key]: v ?? '' } })}
        clearable
        searchable={f.options.length > 8}
        w={phone ? '100%' : 170}
        size="sm"
      />
    ) : (
      <MultiSelect
        key={f.key}
        aria-label={f.label}
        placeholder={state.filters[f.key] ? undefined : f.label}
        data={f.options}
        value={state.filters[f.key]?.split(',').filter(Boolean) ?? []}
        onChange={(v) => apply({ ...state, filters: { ...state.filters, [f.key]: v.join(',') } })}
        clearable
        w={phone ? '100%' : 220}
        size="sm"
      />
    ),
  );

  const hidden = (props.hiddenFilters ?? []).filter((k) => state.filters[k]);
  const hiddenChips = hidden.length > 0 && (
    <Group gap="xs" data-testid="hidden-filters">
      <Text size="sm" c="dimmed">
        {t('drill.moreFilters')}
      </Text>
      {hidden.map((k) => {
        const text = props.describeFilter?.(k, state.filters[k]!) ?? `${k}: ${state.filters[k]}`;
        return (
          <Badge
            key={k}
            variant="light"
            size="lg"
            tt="none"
            fw={500}
            pr={3}
            rightSection={
              <CloseButton
                size="xs"
                variant="transparent"
                aria-label={t('drill.removeFilter', { filter: text })}
                onClick={() => {
                  const { [k]: _, ...rest } = state.filters;
                  apply({ ...state, filters: rest });
                }}
              />
            }
          >
            {text}
          </Badge>
        );
      })}
    </Group>
  );

  const toolbar = (
    <Stack gap="xs">
      <Group gap="xs" wrap={phone ? 'nowrap' : 'wrap'}>
        {props.searchable !== false && (
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={props.searchPlaceholder ?? t('common.search')}
            aria-label={t('common.search')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            rightSection={
              search ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => setSearch('')}
                  aria-label={t('list.clearSearch')}
                >
                  <IconX size={14} />
                </ActionIcon>
              ) : null
            }
            style={{ flex: phone ? 1 : undefined }}
            w={phone ? undefined : 240}
            size="sm"
          />
        )}
        {phone ? (
          <ActionIcon
            variant={showFilters || filtered ? 'light' : 'default'}
            size="lg"
            onClick={() => setShowFilters((s) => !s)}
            aria-label={t('list.filters')}
            aria-expanded={showFilters}
          >
            <IconFilter size={18} />
          </ActionIcon>
        ) : (
          filterInputs
        )}
        {!phone && (
          <Select
            aria-label={t('list.sort')}
            data={props.sortOptions}
            value={state.sort}
            onChange={(v) => v && apply({ ...state, sort: v })}
            allowDeselect={false}
            w={190}
            size="sm"
          />
        )}
        <Popover position="bottom-end" shadow="md" withinPortal>
          <Popover.Target>
            <ActionIcon variant="default" size="lg" aria-label={t('list.columns')}>
              <IconColumns size={18} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap={8} role="group" aria-label={t('list.columns')}>
              <Text size="xs" c="dimmed" fw={500}>
                {t('list.columns')}
              </Text>
              {props.columns.map((c, i) => (
                <Checkbox
                  key={c.key}
                  size="sm"
                  label={c.label}
                  checked={visible.includes(c.key)}
                  disabled={i === 0}
                  onChange={(e) =>
                    setColumns(
                      e.currentTarget.checked ? [...visible, c.key] : visible.filter((k) => k !== c.key),
                    )
                  }
                />
              ))}
            </Stack>
          </Popover.Dropdown>
        </Popover>
        <Menu position="bottom-end" width={260}>
          <Menu.Target>
            <Button
              variant="default"
              size="sm"
              leftSection={<IconBookmark size={16} />}
              aria-label={t('list.views')}
              px={phone ? 'xs' : undefined}
            >
              {phone ? null : (activeView?.name ?? t('list.views'))}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('list.views')}</Menu.Label>
            <Menu.Item onClick={clearAll}>{t('list.allRecords')}</Menu.Item>
            {allViews.map((v) => (
              <Menu.Item
                key={v.id}
                onClick={() => applyView(v)}
                fw={activeView?.id === v.id ? 600 : undefined}
              >
                {v.name}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Item
              onClick={() => {
                setViewName('');
                setNaming(true);
              }}
            >
              {t('list.saveView')}
            </Menu.Item>
            {activeView && !activeView.builtIn && (
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => setViews(deleteView(me.user.id, listId, activeView.id))}
              >
                {t('list.deleteView', { name: activeView.name })}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
        <ExportButton resource={props.resource} query={query} compact={phone} />
        {filtered && !phone && (
          <Button variant="subtle" size="sm" onClick={clearAll}>
            {t('list.clearFilters')}
          </Button>
        )}
      </Group>
      {hiddenChips}
      {phone && (
        <Collapse expanded={showFilters}>
          <Stack gap="xs">
            {filterInputs}
            <Select
              aria-label={t('list.sort')}
              label={t('list.sort')}
              data={props.sortOptions}
              value={state.sort}
              onChange={(v) => v && apply({ ...state, sort: v })}
              allowDeselect={false}
              size="sm"
            />
            {filtered && (
              <Button variant="subtle" size="sm" onClick={clearAll}>
                {t('list.clearFilters')}
              </Button>
            )}
          </Stack>
        </Collapse>
      )}
    </Stack>
  );

  let body: ReactNode;
  if (list.isPending) body = <Text c="dimmed">{t('common.loading')}</Text>;
  else if (list.isError) body = <Text c="red">{errorMessage(list.error, t)}</Text>;
  else if (!rows.length)
    body = filtered ? (
      <EmptyState
        title={t('list.noMatchesTitle')}
        text={t('list.noMatchesText')}
        action={
          <Button variant="light" onClick={clearAll}>
            {t('list.clearFilters')}
          </Button>
        }
      />
    ) : (
      <EmptyState title={props.empty.title} text={props.empty.text} action={props.empty.action} />
    );
  else if (phone)
    body = (
      <Stack gap="xs" data-testid={`${listId}-list`}>
        {rows.map((row) => {
          const [first, ...rest] = columns;
          return (
            <Paper
              key={row.id}
              withBorder
              p="sm"
              className="wp-row-link"
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a,button')) return;
                navigate(props.rowHref(row));
              }}
            >
              <Text
                component={Link}
                to={props.rowHref(row)}
                fw={600}
                className="wp-clamp-1"
                c="inherit"
                display="block"
              >
                {first?.render(row, ctx)}
              </Text>
              <Group gap="md" mt={4} wrap="wrap">
                {rest.slice(0, 4).map((c) => (
                  <Text key={c.key} size="xs" c="dimmed" component="div">
                    {c.render(row, ctx)}
                  </Text>
                ))}
              </Group>
            </Paper>
          );
        })}
      </Stack>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover stickyHeader verticalSpacing="xs" data-testid={`${listId}-table`}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} ta={c.align}>
                  {sortLabel(c)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr
                key={row.id}
                className="wp-row-link"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest('a,button')) return;
                  navigate(props.rowHref(row));
                }}
              >
                {columns.map((c, i) => (
                  <Table.Td key={c.key} ta={c.align}>
                    {i === 0 ? (
                      <Text component={Link} to={props.rowHref(row)} size="sm" fw={500} c="blue.8">
                        {c.render(row, ctx)}
                      </Text>
                    ) : (
                      c.render(row, ctx)
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="sm">
      {toolbar}
      {body}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('list.shown', { count: rows.length })}
          </Text>
          {list.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t('list.loadMore')}
            </Button>
          )}
        </Group>
      )}
      <Modal opened={naming} onClose={() => setNaming(false)} title={t('list.saveView')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!viewName.trim()) return;
            setViews(
              saveView(me.user.id, listId, {
                name: viewName.trim(),
                q: state.q,
                sort: state.sort,
                filters: state.filters,
                columns: visible,
              }),
            );
            setNaming(false);
          }}
        >
          <Stack>
            <TextInput
              label={t('list.viewName')}
              value={viewName}
              onChange={(e) => setViewName(e.currentTarget.value)}
              autoFocus
              required
              error={
                viewName.length > 60
                  ? fieldProblemText({ code: 'too_long', params: { maximum: 60 } })
                  : undefined
              }
            />
            <Text size="xs" c="dimmed">
              {t('list.saveViewHint')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" disabled={!viewName.trim() || viewName.length > 60}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
