// What an empty list or section says: what this is and what to do next.
import { EmptyState as MantineEmptyState, Stack } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  text,
  action,
  icon,
  compact,
}: {
  title: string;
  text?: string;
  action?: ReactNode;
  icon?: ReactNode;
  compact?: boolean;
}) {
  return (
    <Stack align="center" py={compact ? 'sm' : 'xl'} data-testid="empty-state">
      <MantineEmptyState
        size={compact ? 'sm' : 'md'}
        title={title}
        description={text}
        icon={icon ?? <IconInbox size={compact ? 22 : 30} stroke={1.5} />}
        withIndicatorBackground
      >
        {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
      </MantineEmptyState>
    </Stack>
  );
}
