// Small display pieces shared by lists, detail pages and the board.
import { Badge, Group, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCalendarOff, IconClockPause, IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealWarning } from '../../core/deal-warnings.ts';
import { formatDate, formatMoney } from '../lib/format.ts';
import type { OpportunityStatus, Stage } from '../lib/types.ts';

export function stageLabel(stage: Pick<Stage, 'nameEn' | 'nameZh'> | undefined, lang: string): string {
  if (!stage) return '—';
  return lang.startsWith('zh') ? stage.nameZh : stage.nameEn;
}

export function Money({ amount, currency }: { amount: number | null | undefined; currency: string }) {
  const { i18n } = useTranslation();
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(amount, currency, i18n.language)}</span>
  );
}

export function DateText({ value }: { value: string | null | undefined }) {
  const { i18n } = useTranslation();
  return <>{formatDate(value, i18n.language)}</>;
}

const STATUS_COLOR: Record<OpportunityStatus, string> = {
  open: 'blue',
  won: 'teal',
  lost: 'red',
  no_decision: 'gray',
};

export function StatusBadge({ status }: { status: OpportunityStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" size="sm">
      {t(`enums.status.${status}`)}
    </Badge>
  );
}

const TIER_COLOR = { strategic: 'grape', key: 'blue', growth: 'teal', standard: 'gray' } as const;
export function TierBadge({ tier }: { tier: keyof typeof TIER_COLOR }) {
  const { t } = useTranslation();
  return (
    <Badge color={TIER_COLOR[tier]} variant="light" size="sm">
      {t(`enums.tier.${tier}`)}
    </Badge>
  );
}

const WARNING_ICON = {
  close_date_passed: IconAlertTriangle,
  no_close_date: IconCalendarOff,
  no_next_step: IconRoute,
  stale: IconClockPause,
} as const;

/** Warning chips; `compact` shows icons only (with the text for screen readers and as a tooltip). */
export function WarningBadges({
  warnings,
  compact,
}: {
  warnings: readonly DealWarning[];
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (!warnings.length) return null;
  return (
    <Group gap={4} wrap="wrap" data-testid="deal-warnings">
      {warnings.map((w) => {
        const Icon = WARNING_ICON[w];
        const color = w === 'close_date_passed' ? 'red' : 'orange';
        const text = w === 'close_date_passed' ? 'red.9' : 'orange.9';
        const label = t(`warnings.${w}`);
        return compact ? (
          <Tooltip key={w} label={label} withinPortal>
            <Badge
              color={color}
              variant="light"
              size="xs"
              px={4}
              role="img"
              aria-label={label}
              data-warning={w}
            >
              <Icon size={12} style={{ display: 'block' }} />
            </Badge>
          </Tooltip>
        ) : (
          <Badge
            key={w}
            color={color}
            c={text}
            variant="light"
            size="sm"
            leftSection={<Icon size={12} />}
            data-warning={w}
          >
            {label}
          </Badge>
        );
      })}
    </Group>
  );
}
