// A saved stage's Retire (停用) or Restore (启用) button in the designer, and the dialog that asks before a
// stage is retired, saying what that means: no new deals in it, off the board and the stage pickers, history
// and reports kept, open deals to be moved first, and that it can be restored.
import { Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconArchive, IconArchiveOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pick } from '../../lib/process.ts';
import type { RetireOffer, SavedStage } from './pipeline-draft.ts';

/** What a saved stage offers (see `retireOffer`), its handlers, and the server's refusal of retiring it. */
export type Retirement = {
  offer: RetireOffer;
  onRetire: () => void;
  onReactivate: () => void;
  busy?: boolean;
  error?: string;
};

/** How each of the two buttons looks and reads: restoring stands out, retiring stays quiet. */
const ACTIONS = {
  retire: {
    Icon: IconArchive,
    variant: 'subtle',
    color: 'gray',
    label: 'designer.retire',
    ariaLabel: 'designer.retireStage',
    testId: 'stage-retire',
  },
  reactivate: {
    Icon: IconArchiveOff,
    variant: 'light',
    color: undefined,
    label: 'designer.reactivate',
    ariaLabel: 'designer.reactivateStage',
    testId: 'stage-reactivate',
  },
} as const;

/**
 * Retires the stage, or restores it when it is retired; acts at once (the retirement asks first through
 * `onRetire`). The model's last active stage shows Retire disabled, with a tooltip saying why.
 */
export function RetirementButton({ retirement, stage }: { retirement: Retirement; stage: string }) {
  const { t } = useTranslation();
  const { offer, busy } = retirement;
  const { Icon, variant, color, label, ariaLabel, testId } =
    ACTIONS[offer === 'reactivate' ? offer : 'retire'];
  return (
    <Tooltip label={t('designer.lastActiveStage')} disabled={offer !== 'last'}>
      {/* A wrapper the tooltip can hover: a disabled button gets no pointer events. */}
      <span>
        <Button
          size="compact-xs"
          variant={variant}
          color={color}
          leftSection={<Icon size={12} />}
          disabled={offer === 'last'}
          loading={busy}
          onClick={offer === 'reactivate' ? retirement.onReactivate : retirement.onRetire}
          aria-label={t(ariaLabel, { stage })}
          data-testid={testId}
        >
          {t(label)}
        </Button>
      </span>
    </Tooltip>
  );
}

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
