// The recycle bin: what the user can see that was deleted in the last 30 days, newest deletion first, with
// what each deletion took along, and Restore. Type and search live in the URL (?type=…&q=…), as in lists.
import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSearch, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { RECYCLE_DAYS } from '../../../core/recycle.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { isProblem } from '../../lib/api.ts';
import { errorMessage, notifyError } from '../../lib/errors.ts';
import { useUsers } from '../../lib/queries.ts';
import { BinTable } from './BinTable.tsx';
import {
  ADMIN_KINDS,
  BIN_KINDS,
  type BinEntry,
  type BinKind,
  filterEntries,
  restoreDuplicates,
} from './bin.ts';
import { DuplicateRestoreModal, type RefusedRestore } from './DuplicateRestoreModal.tsx';
import { useRecycleTranslation } from './i18n.ts';
import { kindsLabel } from './labels.ts';
import { notifyRestored } from './notifyRestored.tsx';
import { BIN_MAX, useBinEntries, useRestore } from './useRecycleBin.ts';

export default function RecycleBinPage() {
  const { t, tApp, i18n } = useRecycleTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { byId } = useUsers();
  const isAdmin = me.user.role === 'admin';
  const canWriteSales = me.user.role !== 'viewer' && me.user.role !== 'enablement';
  // Products and funnel models are the admins' to restore, as to change; others are not shown them.
  const kinds = useMemo(() => BIN_KINDS.filter((k) => isAdmin || !ADMIN_KINDS.has(k)), [isAdmin]);
  const canRestore = (k: BinKind) => (ADMIN_KINDS.has(k) ? isAdmin : canWriteSales);
  const bin = useBinEntries(kinds, i18n.language);
  const restore = useRestore();
  const [restoring, setRestoring] = useState<string | null>(null);
  // An account restore refused as a possible duplicate, shown with its matches until restored or dismissed.
  const [refused, setRefused] = useState<RefusedRestore | null>(null);

  // The type and the search are the page's state, mirrored into the URL (a link keeps them).
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<BinKind | null>(() => kinds.find((k) => k === params.get('type')) ?? null);
  const [q, setQ] = useState(() => params.get('q') ?? '');
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the page's own state goes to the URL
  useEffect(() => {
    const next = new URLSearchParams();
    if (kind) next.set('type', kind);
    if (q) next.set('q', q);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [kind, q]);
  const filtered = !!kind || !!q.trim();
  const shown = useMemo(() => filterEntries(bin.entries, { kind, q }), [bin.entries, kind, q]);
  // Read once per render of fresh data, so every row counts from the same moment.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new moment for each new read of the bin
  const now = useMemo(() => Date.now(), [bin.entries]);

  const userName = (id: string | null) =>
    !id ? '—' : id === me.user.id ? tApp('common.me') : (byId.get(id)?.name ?? '—');

  const onRestore = async (entry: BinEntry, allowDuplicate = false) => {
    setRestoring(entry.id);
    try {
      await restore(entry, { allowDuplicate });
    } catch (err) {
      const duplicates = restoreDuplicates(entry, err);
      if (duplicates) setRefused({ entry, duplicates });
      else {
        setRefused(null);
        if (isProblem(err) && err.status === 404)
          notifications.show({ color: 'red', title: tApp('errors.title'), message: t('gone') });
        else notifyError(err, tApp);
      }
      return;
    } finally {
      setRestoring(null);
    }
    setRefused(null);
    notifyRestored(entry, t, navigate);
  };

  const clear = () => {
    setKind(null);
    setQ('');
  };

  let body: ReactNode;
  if (bin.isPending) body = <Text c="dimmed">{tApp('common.loading')}</Text>;
  else if (bin.error) body = <Text c="red">{errorMessage(bin.error, tApp)}</Text>;
  else if (!bin.entries.length)
    body = (
      <EmptyState
        icon={<IconTrash size={30} stroke={1.5} />}
        title={t('emptyTitle')}
        text={t('emptyText', { days: RECYCLE_DAYS })}
      />
    );
  else if (!shown.length)
    body = (
      <EmptyState
        title={tApp('list.noMatchesTitle')}
        text={tApp('list.noMatchesText')}
        action={
          <Button variant="light" onClick={clear}>
            {tApp('list.clearFilters')}
          </Button>
        }
      />
    );
  else
    body = (
      <>
        <BinTable
          entries={shown}
          now={now}
          userName={userName}
          canRestore={canRestore}
          restoring={restoring}
          onRestore={(e) => void onRestore(e)}
        />
        <Text size="xs" c="dimmed">
          {tApp('list.shown', { count: shown.length })}
        </Text>
      </>
    );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle', { days: RECYCLE_DAYS })} />
      <Stack gap="sm">
        {!canWriteSales && (
          <Alert color="gray" variant="light" p="xs">
            {t('readOnly')}
          </Alert>
        )}
        {bin.truncated && (
          <Alert color="yellow" variant="light" p="xs">
            {t('truncated', { max: BIN_MAX })}
          </Alert>
        )}
        {bin.entries.length > 0 && (
          <Group gap="xs">
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder={t('search')}
              aria-label={tApp('common.search')}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={240}
              size="sm"
            />
            <Select
              aria-label={tApp('fields.type')}
              placeholder={t('allTypes')}
              data={kinds.map((k) => ({ value: k, label: kindsLabel(k, tApp) }))}
              value={kind}
              onChange={(v) => setKind(kinds.find((k) => k === v) ?? null)}
              clearable
              w={190}
              size="sm"
            />
            {filtered && (
              <Button variant="subtle" size="sm" onClick={clear}>
                {tApp('list.clearFilters')}
              </Button>
            )}
          </Group>
        )}
        {body}
      </Stack>
      <DuplicateRestoreModal
        refused={refused}
        onClose={() => setRefused(null)}
        onRestoreAnyway={(e) => void onRestore(e, true)}
        restoring={!!refused && restoring === refused.entry.id}
      />
    </>
  );
}
