// "Possible duplicate": the accounts that already have the name, as links, and a button to go ahead anyway
// (a duplicate rule that alerts but allows).
import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DuplicateAccount } from './duplicates.ts';

export function DuplicateAccountAlert({
  duplicates,
  proceedLabel,
  onProceed,
  proceeding,
  onOpen,
}: {
  duplicates: DuplicateAccount[];
  proceedLabel: string;
  onProceed: () => void;
  proceeding?: boolean;
  /** Called when the user opens one of the accounts (a modal closes itself). */
  onOpen?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={t('accounts.duplicate.title')}
      data-testid="duplicate-account"
    >
      <Stack gap="xs">
        <Text size="sm">
          {t(duplicates.length ? 'accounts.duplicate.visible' : 'accounts.duplicate.hidden')}
        </Text>
        {duplicates.length > 0 && (
          <List size="sm" spacing={2}>
            {duplicates.map((d) => (
              <List.Item key={d.id}>
                <Anchor component={Link} to={`/accounts/${d.id}`} onClick={onOpen} size="sm">
                  {d.name}
                </Anchor>
                {d.ownerName && (
                  <Text span size="sm" c="dimmed">
                    {' · '}
                    {t('accounts.duplicate.owner', { name: d.ownerName })}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
        <Group justify="flex-end">
          <Button size="xs" variant="light" color="yellow" onClick={onProceed} loading={proceeding}>
            {proceedLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
