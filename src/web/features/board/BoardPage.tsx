// The pipeline board: a column per stage with its count and total; drag a card (or use its move button)
// to move the deal — the move goes through the API and a refusal explains why. A retired stage has no
// column (nor a place in the move menu) unless open deals are still in it, which can then be moved on.

import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { salesToday } from '../../../core/process/close-date.ts';
import { boardStages, stagesForDeal } from '../../../core/process/retirement.ts';
import { useMe } from '../../app/RequireAuth.tsx';
import { stageLabel } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { notifyMoveRefused } from '../../components/refusal.tsx';
import { isProblem, ProblemError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatMoney, formatTotals } from '../../lib/format.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import {
  type BoardData,
  qk,
  teamMemberIds,
  useBoard,
  usePipelines,
  useTeams,
  useUsers,
} from '../../lib/queries.ts';
import type { BoardItem } from '../../lib/types.ts';
import { SaveDiscarded } from '../../lib/useRecord.ts';
import { useMoveDeal } from '../opportunities/MoveDeal.tsx';
import { BoardCardOverlay } from './BoardCard.tsx';
import { BoardColumn } from './BoardColumn.tsx';
import { applyMove, autoScrollThreshold, filterItems, groupByStage, summarize } from './board-logic.ts';

// The create form is only loaded when asked for: the board's first paint does not need it.
const OpportunityCreateModal = lazy(() =>
  import('../opportunities/OpportunityCreateModal.tsx').then((m) => ({ default: m.OpportunityCreateModal })),
);

// Columns are tall: the pointer position decides the column; fall back to overlap for keyboard drags.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

export default function BoardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const qc = useQueryClient();
  const moveDeal = useMoveDeal();
  const [params, setParams] = useSearchParams();
  const { pipelines, isPending: pipelinesPending } = usePipelines();
  const { users } = useUsers();
  const { teams } = useTeams();
  // The board loads in parallel with the pipelines: `default` asks the server for the default pipeline.
  const wanted = params.get('pipeline');
  const boardId = wanted && /^[0-9a-f-]{36}$/i.test(wanted) ? wanted : 'default';
  const board = useBoard(boardId);
  const pipeline = pipelines.find((p) => p.id === (boardId === 'default' ? board.data?.pipelineId : boardId));
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search, 200);
  const owner = params.get('owner');
  const team = params.get('team');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [moving, setMoving] = useState<BoardItem | null>(null);
  const [creating, setCreating] = useState(false);
  // The viewer's day, as the server's health reads it from the board request's time zone.
  const today = salesToday();
  const canWrite = me.user.role !== 'viewer' && me.user.role !== 'enablement';

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const ownerIds = useMemo(() => {
    if (owner) return new Set([owner === 'me' ? me.user.id : owner]);
    if (team) return teamMemberIds(team, teams, users);
    return null;
  }, [owner, team, teams, users, me.user.id]);
  // The columns follow all the board's deals, not the filtered ones, so a filter never moves a column.
  const columnStages = useMemo(
    () =>
      boardStages(
        pipeline?.stages ?? [],
        (board.data?.items ?? []).map((i) => i.stageId),
      ),
    [pipeline, board.data],
  );
  const stageIds = useMemo(() => columnStages.map((s) => s.id), [columnStages]);
  const visible = useMemo(
    () => filterItems(board.data?.items ?? [], { ownerIds, q }),
    [board.data, ownerIds, q],
  );
  const columns = useMemo(() => groupByStage(visible, stageIds), [visible, stageIds]);
  const overall = useMemo(() => summarize(visible), [visible]);
  const byId = useMemo(() => new Map((board.data?.items ?? []).map((i) => [i.id, i])), [board.data]);

  // The window's size from the first render on (a hook that starts at 0 × 0 would give dnd-kit its wide
  // default band until its effect ran), and again on every resize.
  const [viewport, setViewport] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useWindowEvent('resize', () => setViewport({ width: window.innerWidth, height: window.innerHeight }));
  const autoScroll = useMemo(
    () => ({ threshold: autoScrollThreshold(viewport.width, viewport.height) }),
    [viewport],
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 6 } }),
  );

  const boardKey = qk.board(boardId);
  const setItems = useCallback(
    (fn: (items: BoardItem[]) => BoardItem[]) =>
      qc.setQueryData<BoardData>(boardKey, (old) => (old ? { ...old, items: fn(old.items) } : old)),
    [qc, boardKey],
  );

  const move = useCallback(
    async (item: BoardItem, toStageId: string) => {
      if (item.stageId === toStageId || !pipeline) return;
      const from = item.stageId;
      const toName = stageLabel(
        pipeline.stages.find((s) => s.id === toStageId),
        lang,
      );
      setItems((items) => applyMove(items, item.id, toStageId));
      setPending((p) => new Set(p).add(item.id));
      try {
        // While a dialog asks (a gate's unmet criteria, a move back's reason, a conflict), the card waits
        // in its own column: the move is not done until the user has answered and the server agreed.
        const row = await moveDeal(item, toStageId, pipeline.stages, () =>
          setItems((items) => applyMove(items, item.id, from)),
        );
        setItems((items) =>
          row.status !== 'open' || row.pipelineId !== pipeline.id
            ? items.filter((i) => i.id !== item.id)
            : applyMove(items, item.id, row.stageId, {
                version: row.version,
                updatedAt: row.updatedAt,
                amount: row.amount,
                expectedCloseDate: row.expectedCloseDate,
                nextStep: row.nextStep,
              }),
        );
        // Other views of deals (lists, the deal page, home) are now stale; the board itself is current.
        void qc.invalidateQueries({
          predicate: (q) =>
            (q.queryKey[0] === 'opportunities' && q.queryKey[1] !== 'board') || q.queryKey[0] === 'home',
        });
        notifications.show({
          color: 'teal',
          autoClose: 2500,
          message: t('board.moved', { name: item.name, stage: toName }),
        });
      } catch (err) {
        setItems((items) => applyMove(items, item.id, from));
        if (err instanceof SaveDiscarded) void qc.invalidateQueries({ queryKey: boardKey });
        // A 412 that was re-applied may still have failed; the board re-reads to be sure of the truth.
        if (err instanceof ProblemError && err.status === 412)
          void qc.invalidateQueries({ queryKey: boardKey });
        notifyMoveRefused(err, t);
      } finally {
        setPending((p) => {
          const n = new Set(p);
          n.delete(item.id);
          return n;
        });
      }
    },
    [pipeline, lang, moveDeal, qc, setItems, t, boardKey],
  );

  const onDragStart = (e: DragStartEvent) => setActiveId(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setActiveId(null);
    const item = byId.get(String(e.active.id));
    const to = e.over ? String(e.over.id) : null;
    if (item && to && canWrite) void move(item, to);
  };
  const openMoveMenu = useCallback((item: BoardItem) => setMoving(item), []);

  if (pipelinesPending || board.isPending) return <PageLoader />;
  if (!pipeline)
    return board.isError && !(isProblem(board.error) && board.error.status === 404) ? (
      <Alert color="red">{errorMessage(board.error, t)}</Alert>
    ) : (
      <EmptyState title={t('board.noPipelineTitle')} text={t('board.noPipelineText')} />
    );

  const active = activeId ? byId.get(activeId) : undefined;
  const ownerData = [
    { value: 'me', label: t('common.me') },
    ...users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="xs">
        <div>
          <Text component="h1" fw={700} size="xl" m={0}>
            {t('board.title')}
          </Text>
          <Text size="sm" c="dimmed" data-testid="board-summary">
            {t('board.summary', {
              count: overall.count,
              total: formatTotals(overall.totals, lang, me.organization.defaultCurrency),
            })}
          </Text>
        </div>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('opportunities.new')}
          </Button>
        )}
      </Group>
      <Group gap="xs" wrap="wrap">
        {pipelines.length > 1 && (
          <Select
            aria-label={t('fields.pipeline')}
            data={pipelines.map((p) => ({ value: p.id, label: pipelineName(p, lang) }))}
            value={pipeline.id}
            onChange={(v) => setParam('pipeline', v)}
            allowDeselect={false}
            w={200}
            size="sm"
          />
        )}
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('board.search')}
          aria-label={t('board.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 220 }}
          size="sm"
        />
        <Select
          aria-label={t('board.filterOwner')}
          placeholder={t('board.filterOwner')}
          data={ownerData}
          value={owner}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('owner', v);
            else next.delete('owner');
            next.delete('team');
            setParams(next, { replace: true });
          }}
          clearable
          searchable
          w={{ base: 'calc(50% - 5px)', xs: 180 }}
          size="sm"
        />
        <Select
          aria-label={t('board.filterTeam')}
          placeholder={t('board.filterTeam')}
          data={teams.map((x) => ({ value: x.id, label: x.name }))}
          value={team}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('team', v);
            else next.delete('team');
            next.delete('owner');
            setParams(next, { replace: true });
          }}
          clearable
          w={{ base: 'calc(50% - 5px)', xs: 200 }}
          size="sm"
        />
      </Group>
      {board.isError && <Alert color="red">{errorMessage(board.error, t)}</Alert>}
      {board.data?.truncated && <Alert color="yellow">{t('board.truncated')}</Alert>}
      {board.isPending ? (
        <PageLoader />
      ) : board.data && board.data.items.length === 0 ? (
        <EmptyState
          title={t('board.emptyTitle')}
          text={t('board.emptyText')}
          action={
            canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                {t('opportunities.new')}
              </Button>
            )
          }
        />
      ) : (
        <DndContext
          sensors={sensors}
          autoScroll={autoScroll}
          collisionDetection={collision}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setActiveId(null)}
          accessibility={{
            announcements: {
              onDragStart: ({ active: a }) =>
                t('board.a11yPickedUp', { name: byId.get(String(a.id))?.name ?? '' }),
              onDragOver: ({ over }) =>
                over
                  ? t('board.a11yOver', {
                      stage: stageLabel(
                        pipeline.stages.find((s) => s.id === over.id),
                        lang,
                      ),
                    })
                  : '',
              onDragEnd: ({ over }) =>
                over
                  ? t('board.a11yDropped', {
                      stage: stageLabel(
                        pipeline.stages.find((s) => s.id === over.id),
                        lang,
                      ),
                    })
                  : '',
              onDragCancel: () => t('board.a11yCancelled'),
            },
          }}
        >
          <div className="wp-board" data-testid="board" aria-busy={board.isFetching}>
            {columnStages.map((s) => (
              <BoardColumn
                key={s.id}
                stage={s}
                items={columns.get(s.id) ?? []}
                today={today}
                currency={me.organization.defaultCurrency}
                pendingIds={pending}
                onMoveMenu={openMoveMenu}
              />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {active ? <BoardCardOverlay item={active} today={today} /> : null}
          </DragOverlay>
        </DndContext>
      )}
      <Modal opened={!!moving} onClose={() => setMoving(null)} title={t('board.moveTo')} size="sm">
        {moving && (
          <Stack gap={4}>
            <Text size="sm" c="dimmed" mb="xs">
              {moving.name} · {formatMoney(moving.amount, moving.currency, lang)}
            </Text>
            {stagesForDeal(pipeline.stages, moving.stageId).map((s) => (
              <UnstyledButton
                key={s.id}
                disabled={!canWrite || s.id === moving.stageId}
                onClick={() => {
                  const it = moving;
                  setMoving(null);
                  void move(it, s.id);
                }}
                px="sm"
                py={8}
                style={{
                  borderRadius: 6,
                  background: s.id === moving.stageId ? 'var(--mantine-color-blue-light)' : undefined,
                  fontWeight: s.id === moving.stageId ? 600 : undefined,
                }}
              >
                {s.position}. {stageLabel(s, lang)}
              </UnstyledButton>
            ))}
          </Stack>
        )}
      </Modal>
      {creating && (
        <Suspense fallback={null}>
          <OpportunityCreateModal opened={creating} onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </Stack>
  );
}
