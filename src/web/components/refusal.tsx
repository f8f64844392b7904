// A refused stage move says why: the server's problem detail, and for milestone gates the unmet criteria.
import { List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { isProblem } from '../lib/api.ts';
import { errorMessage, notifyError } from '../lib/errors.ts';
import { SaveCancelled, SaveDiscarded } from '../lib/useRecord.ts';

export function notifyMoveRefused(err: unknown, t: TFunction): void {
  if (err instanceof SaveCancelled || err instanceof SaveDiscarded) return;
  if (!isProblem(err)) {
    notifyError(err, t, t('board.moveRefused'));
    return;
  }
  const unmet = Array.isArray(err.problem.unmet) ? err.problem.unmet : [];
  notifications.show({
    color: 'red',
    title: t('board.moveRefused'),
    autoClose: unmet.length ? 12_000 : 6_000,
    message: (
      <Stack gap={4} data-testid="move-refused">
        <Text size="sm">
          {unmet.length ? (err.detail ?? t('board.milestoneUnmet')) : errorMessage(err, t)}
        </Text>
        {unmet.length > 0 && (
          <List size="sm">
            {unmet.map((u) => (
              <List.Item key={u.label}>{u.label}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    ),
  });
}
