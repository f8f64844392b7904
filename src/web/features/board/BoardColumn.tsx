// One stage column: header with count and total, and a virtualized list of cards (only the visible
// ones are in the DOM, so thousands of deals stay smooth). A retired stage's column (shown while open deals
// are still in it) says so and takes no drops.

import { useDroppable } from '@dnd-kit/core';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isRetired } from '../../../core/process/retirement.ts';
import { stageLabel } from '../../components/display.tsx';
import { formatTotals } from '../../lib/format.ts';
import type { BoardItem, Stage } from '../../lib/types.ts';
import { BoardCard, CARD_GAP, CARD_HEIGHT } from './BoardCard.tsx';
import { summarize } from './board-logic.ts';

type Props = {
  stage: Stage;
  items: BoardItem[];
  today: string;
  currency: string;
  pendingIds: ReadonlySet<string>;
  onMoveMenu: (item: BoardItem) => void;
};

export const BoardColumn = memo(function BoardColumn({
  stage,
  items,
  today,
  currency,
  pendingIds,
  onMoveMenu,
}: Props) {
  const { t, i18n } = useTranslation();
  const retired = isRetired(stage);
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, disabled: retired });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + CARD_GAP,
    overscan: 4,
    // Render the first screenful in the first pass instead of waiting for a measurement.
    initialRect: { width: 280, height: 720 },
    getItemKey: (i) => items[i]!.id,
  });
  const summary = summarize(items);
  const name = stageLabel(stage, i18n.language);
  return (
    <section
      ref={setNodeRef}
      className="wp-board-column"
      data-over={isOver}
      data-testid="board-column"
      data-stage-id={stage.id}
      data-retired={retired || undefined}
      aria-label={name}
    >
      <div className="wp-board-column-head">
        <Group justify="space-between" gap={4} wrap="nowrap">
          <Text size="sm" fw={600} className="wp-clamp-1" title={name}>
            {stage.position}. {name}
          </Text>
          <Badge
            variant="light"
            size="sm"
            data-testid="column-count"
            aria-label={t('board.count', { count: summary.count })}
          >
            {summary.count}
          </Badge>
        </Group>
        {retired && (
          <Group gap={4} wrap="nowrap" title={t('board.retiredHint')}>
            <Badge variant="outline" color="gray" size="xs" data-testid="column-retired">
              {t('board.retired')}
            </Badge>
            <Text size="xs" c="dimmed" className="wp-clamp-1">
              {t('board.retiredHint')}
            </Text>
          </Group>
        )}
        <Group justify="space-between" gap={4}>
          <Text size="xs" c="dimmed" fw={500} data-testid="column-total">
            {formatTotals(summary.totals, i18n.language, currency, true)}
          </Text>
          <Text size="xs" c="dimmed">
            {stage.probability}%
          </Text>
        </Group>
      </div>
      <div ref={scrollRef} className="wp-board-scroll">
        {items.length === 0 ? (
          <Stack p="sm">
            <Text size="xs" c="dimmed" ta="center">
              {t('board.emptyColumn')}
            </Text>
          </Stack>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const item = items[v.index]!;
              return (
                <div
                  key={v.key}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 8,
                    right: 8,
                    transform: `translateY(${v.start + CARD_GAP}px)`,
                  }}
                >
                  <BoardCard
                    item={item}
                    today={today}
                    pending={pendingIds.has(item.id)}
                    onMoveMenu={onMoveMenu}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
});
