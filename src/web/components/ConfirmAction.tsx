// A destructive action behind a small confirmation popover (no browser dialogs).
import { Button, Group, Popover, Stack, Text } from '@mantine/core';
import { cloneElement, type ReactElement, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmAction({
  message,
  confirmLabel,
  onConfirm,
  children,
}: {
  message: string;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown> | unknown;
  children: ReactElement<{ onClick?: () => void }>;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
      <Popover.Target>{cloneElement(children, { onClick: () => setOpened((o) => !o) })}</Popover.Target>
      <Popover.Dropdown maw={280}>
        <Stack gap="xs">
          <Text size="sm">{message}</Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              size="xs"
              color="red"
              loading={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onConfirm();
                } finally {
                  setBusy(false);
                  setOpened(false);
                }
              }}
            >
              {confirmLabel ?? t('common.delete')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
