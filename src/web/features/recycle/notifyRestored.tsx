// Saying a restore worked: the record's name, how many came back with it, and a link to it.
import { Anchor, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { BinEntry } from './bin.ts';
import type { RecycleT } from './i18n.ts';

export function notifyRestored(entry: BinEntry, t: RecycleT, navigate: (to: string) => void): void {
  // The delete's own Undo (components/detail.tsx) has nothing left to undo.
  notifications.hide(`deleted-${entry.id}`);
  const id = `restored-${entry.id}`;
  const count = entry.cascaded.length;
  notifications.show({
    id,
    color: 'teal',
    autoClose: 8000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm" data-testid="restored-notification">
        <Text size="sm">
          {count ? t('restoredWith', { name: entry.name, count }) : t('restored', { name: entry.name })}
        </Text>
        {/* Notifications render outside the router: the link goes through the page's navigate. */}
        <Anchor
          href={entry.href}
          size="sm"
          fw={500}
          style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
          onClick={(e) => {
            e.preventDefault();
            notifications.hide(id);
            navigate(entry.href);
          }}
        >
          {t('open')}
        </Anchor>
      </Group>
    ),
  });
}
