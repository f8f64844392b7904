// The stages an edit of a funnel model removes: listed until the save (each can be kept), named in the
// confirmation before it, and where the server's refusal of a stage deals still use is shown, with the
// offer to retire it instead (停用: it stays, for its history, but takes no new deals).
import { Button, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconArchive, IconArrowBackUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../lib/api.ts';
import { pick } from '../../lib/process.ts';
import { fieldProblemText } from '../../lib/validate.ts';
import type { SavedStage } from './pipeline-draft.ts';

export function RemovedStages({
  stages,
  refusals,
  onKeep,
  canRetire,
  onRetire,
}: {
  stages: SavedStage[];
  /** The server's refusal of removing a stage, by stage id. */
  refusals: Record<string, FieldError>;
  onKeep: (id: string) => void;
  /** Whether a refused stage can be retired instead (an active one, not the model's last). */
  canRetire: (id: string) => boolean;
  /** Keeps the stage and asks to retire it. */
  onRetire: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  if (!stages.length) return null;
  return (
    <Paper withBorder p="sm" data-testid="removed-stages">
      <Stack gap="xs">
        <div>
          <Text fw={600}>{t('designer.removedTitle')}</Text>
          <Text size="sm" c="dimmed">
            {t('designer.removedHint')}
          </Text>
        </div>
        {stages.map((s) => {
          const refusal = refusals[s.id];
          return (
            <Group key={s.id} justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Text td="line-through">
                  {s.position}. {pick(i18n.language, s.nameEn, s.nameZh)}
                </Text>
                {refusal && (
                  <Text size="sm" c="red" role="alert" data-testid="stage-removal-refused">
                    {fieldProblemText(refusal)}
                  </Text>
                )}
              </div>
              <Group gap="xs" wrap="nowrap">
                {/* A stage with open deals cannot be retired either (the deals are moved first). */}
                {refusal && canRetire(s.id) && !(Number(refusal.params?.open ?? 0) > 0) && (
                  <Button
                    size="compact-sm"
                    leftSection={<IconArchive size={14} />}
                    onClick={() => onRetire(s.id)}
                    data-testid="retire-instead"
                  >
                    {t('designer.retireInstead')}
                  </Button>
                )}
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconArrowBackUp size={14} />}
                  onClick={() => onKeep(s.id)}
                >
                  {t('designer.keepStage')}
                </Button>
              </Group>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** Asks before a save that removes stages, naming each of them. */
export function ConfirmRemoval({
  model,
  stages,
  onCancel,
  onConfirm,
}: {
  model: string;
  /** The stages the save removes; the dialog is open while there are any. */
  stages: SavedStage[] | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t, i18n } = useTranslation();
  const count = stages?.length ?? 0;
  return (
    <Modal opened={count > 0} onClose={onCancel} title={t('designer.confirmRemoveTitle', { count })} centered>
      <Stack>
        <Text size="sm">{t('designer.confirmRemoveText', { model })}</Text>
        <List size="sm" data-testid="confirm-removed-stages">
          {stages?.map((s) => (
            <List.Item key={s.id}>{pick(i18n.language, s.nameEn, s.nameZh)}</List.Item>
          ))}
        </List>
        <Text size="sm" c="dimmed">
          {t('designer.confirmRemoveNote')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} data-testid="confirm-remove-stages">
            {t('designer.confirmRemove')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
