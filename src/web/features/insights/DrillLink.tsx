import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DrillQuery } from '../../../core/analytics/drill.ts';
import { drillHref } from '../../lib/insights.ts';

/** A figure that opens the deals behind it; without a query (no such deals to list) just the figure. */
export function DrillLink({
  q,
  children,
  what,
}: {
  q: DrillQuery | null;
  children: ReactNode;
  /** Says what the deals are, for screen readers and as a tooltip. */
  what: string;
}) {
  const { t } = useTranslation();
  if (!q) return <>{children}</>;
  return (
    <Anchor
      component={Link}
      to={drillHref(q)}
      size="sm"
      fw={600}
      title={t('insights.showDeals', { what })}
      aria-label={`${typeof children === 'string' || typeof children === 'number' ? `${children} · ` : ''}${t('insights.showDeals', { what })}`}
      data-testid="drill-link"
      style={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {children}
    </Anchor>
  );
}
