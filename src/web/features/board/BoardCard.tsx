// A deal card: name, account, amount, close date, owner and warnings. Dragging it moves the deal.
// Cards are plain elements styled by app.css (not Mantine components): a board shows a hundred of them
// at once and re-renders them while dragging, so they must be cheap.
import { useDraggable } from '@dnd-kit/core';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconCalendarOff,
  IconClockPause,
  IconRoute,
} from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DealWarning } from '../../../core/deal-warnings.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import type { BoardItem } from '../../lib/types.ts';
import { cardWarnings } from './board-logic.ts';

export const CARD_HEIGHT = 104;
export const CARD_GAP = 8;

const WARNING_ICON = {
  close_date_passed: IconAlertTriangle,
  no_close_date: IconCalendarOff,
  no_next_step: IconRoute,
  stale: IconClockPause,
} as const;

type Props = {
  item: BoardItem;
  today: string;
  pending?: boolean;
  onMoveMenu?: (item: BoardItem) => void;
};

function CardBody({ item, today, onMoveMenu }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const warnings: DealWarning[] = cardWarnings(item, today);
  const overdue = warnings.includes('close_date_passed');
  return (
    <>
      <div className="wp-card-row">
        <Link to={`/opportunities/${item.id}`} className="wp-card-name" draggable={false}>
          {item.name}
        </Link>
        {onMoveMenu && (
          <button
            type="button"
            className="wp-card-move"
            aria-label={t('board.moveDeal', { name: item.name })}
            onClick={() => onMoveMenu(item)}
            onPointerDown={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
          >
            <IconArrowsExchange size={13} />
          </button>
        )}
      </div>
      <div className="wp-card-dim wp-clamp-1" data-testid="card-account">
        {item.accountName}
      </div>
      <div className="wp-card-row" style={{ marginTop: 4 }}>
        <span className="wp-card-amount" data-testid="card-amount">
          {formatMoney(item.amount, item.currency, lang)}
        </span>
        <span
          className={overdue ? 'wp-card-date wp-card-overdue' : 'wp-card-date'}
          data-testid="card-close-date"
        >
          {item.expectedCloseDate ? formatDate(item.expectedCloseDate, lang) : t('board.noCloseDate')}
        </span>
      </div>
      <div className="wp-card-row" style={{ marginTop: 2 }}>
        <span className="wp-card-dim wp-clamp-1" data-testid="card-owner">
          {item.ownerName}
        </span>
        {item.health && <CardHealth health={item.health} />}
        {warnings.length > 0 && (
          <span className="wp-card-warnings" data-testid="deal-warnings">
            {warnings.map((w) => {
              const Icon = WARNING_ICON[w];
              const label = t(`warnings.${w}`);
              return (
                <span
                  key={w}
                  className={
                    w === 'close_date_passed' ? 'wp-card-warning wp-card-warning-red' : 'wp-card-warning'
                  }
                  title={label}
                  role="img"
                  aria-label={label}
                  data-warning={w}
                >
                  <Icon size={12} />
                </span>
              );
            })}
          </span>
        )}
      </div>
    </>
  );
}

/** The server's health score; the warnings' messages are the tooltip (a native one: cards are many). */
function CardHealth({ health }: { health: NonNullable<BoardItem['health']> }) {
  const { t } = useTranslation();
  const level = health.score >= 80 ? 'good' : health.score >= 60 ? 'fair' : 'poor';
  const label = [
    t('health.score', { score: health.score }),
    ...health.warnings.map((w) => `• ${w.message}`),
  ].join('\n');
  return (
    <span
      className="wp-card-health"
      data-level={level}
      title={label}
      role="img"
      aria-label={label}
      data-testid="card-health"
    >
      {health.warnings.length > 0 && <IconAlertTriangle size={11} />}
      {health.score}
    </span>
  );
}

/** The card in a column (draggable). */
export const BoardCard = memo(function BoardCard(props: Props) {
  // Pointer and touch drag anywhere on the card; keyboard users have the move button (a card holds a
  // link and a button, so it must not itself be a button).
  const { listeners, setNodeRef, isDragging } = useDraggable({ id: props.item.id });
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      className="wp-board-card"
      data-testid="board-card"
      data-deal-id={props.item.id}
      data-dragging={isDragging}
      data-pending={props.pending}
    >
      <CardBody {...props} />
    </div>
  );
});

/** The copy that follows the pointer while dragging. */
export function BoardCardOverlay(props: Props) {
  return (
    <div className="wp-board-card" data-overlay="true" style={{ width: 260 }}>
      <CardBody {...props} />
    </div>
  );
}
