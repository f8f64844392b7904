// Asks before a stage is retired (停用), saying what that means: no new deals in it, off the board and the
// stage pickers, history and reports kept, open deals to be moved first, and that it can be restored.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconArchive } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../lib/process.ts';
import type { SavedStage } from './pipeline-draft.ts';

export function ConfirmRetire({
  stage,
  busy,
  onCancel,
  onConfirm,
}: {
  /** The stage to retire; the dialog is open while there is one. */
  stage: SavedStage | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = stage ? pick(i18n.language, stage.nameEn, stage.nameZh) : '';
  return (
    <Modal
      opened={!!stage}
      onClose={onCancel}
      title={t('designer.confirmRetireTitle', { stage: name })}
      centered
    >
      <Stack>
        <Text size="sm">{t('designer.confirmRetireText')}</Text>
        <Text size="sm" c="dimmed">
          {t('designer.confirmRetireNote')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconArchive size={16} />}
            loading={busy}
            onClick={onConfirm}
            data-testid="confirm-retire-stage"
          >
            {t('designer.confirmRetire')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
