// The deal's sales process: claimed stage beside the evidenced one, the buyer's step, the selected stage's
// milestone checklist with its guidance and tools, and the stage history.
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconFileText } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { mayConfirm } from '../../../core/process/confirmation.ts';
import { builtInToolSlug } from '../../../core/stage-tools.ts';
import { type ProcessView, pick, type Tool } from '../../lib/process.ts';
import { MilestoneChecklist, type Shortcut } from './MilestoneChecklist.tsx';
import { StageHistory } from './StageHistory.tsx';

type Props = {
  view: ProcessView;
  canWrite: boolean;
  /** The signed-in user, for the confirmation rule (who may confirm a completed criterion). */
  me: { userId: string; role: string };
  onBuyerStep: (position: number | null) => Promise<unknown>;
  onShortcut: (s: Shortcut) => void;
};

export function ProcessCard({ view, canWrite, me, onBuyerStep, onShortcut }: Props) {
  // The confirm action's own rule (core), on the owner's manager chain the process view carries.
  const canConfirm = (completedBy: string) =>
    mayConfirm({
      confirmer: me,
      ownerId: view.ownerId,
      ownerManagerIds: view.ownerManagerIds,
      completedBy,
    });
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [selected, setSelected] = useState<string | null>(null);
  const name = (id: string | null) => {
    const s = view.stages.find((x) => x.id === id);
    return s ? `${s.position}. ${pick(lang, s.nameEn, s.nameZh)}` : '—';
  };
  const current = view.stages.find((s) => s.id === view.stageId);
  const stage = view.stages.find((s) => s.id === (selected ?? view.stageId)) ?? current;
  const gap = view.evidencedStageId !== view.stageId;
  const met = stage?.criteria.filter((c) => c.met).length ?? 0;
  return (
    <Paper withBorder p="md" data-testid="process-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('process.claimed')}:
            </Text>
            <Badge variant="filled">{name(view.stageId)}</Badge>
            <Text size="sm" c="dimmed">
              {t('process.evidenced')}:
            </Text>
            <Badge variant="light" color={gap ? 'orange' : 'teal'} data-testid="evidenced-stage">
              {name(view.evidencedStageId)}
            </Badge>
          </Group>
          <Select
            size="xs"
            w={260}
            label={t('process.buyerStep')}
            placeholder={t('process.buyerStepNone')}
            data-testid="buyer-step"
            disabled={!canWrite}
            clearable
            allowDeselect={false}
            value={view.buyerStep === null ? null : String(view.buyerStep)}
            data={view.stages
              .filter((s) => s.buyerStepEn || s.buyerStepZh)
              .map((s) => ({
                value: String(s.position),
                label: `${s.position}. ${pick(lang, s.buyerStepEn, s.buyerStepZh)}`,
              }))}
            onChange={(x) => void onBuyerStep(x === null ? null : Number(x)).catch(() => undefined)}
          />
        </Group>
        {gap && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="evidence-gap">
            <Group justify="space-between" gap="xs">
              <Text size="sm">{t('process.evidenceSupports', { stage: name(view.evidencedStageId) })}</Text>
              <Button
                size="compact-xs"
                variant="white"
                color="orange"
                onClick={() => setSelected(view.evidencedStageId)}
              >
                {t('process.showGap')}
              </Button>
            </Group>
          </Alert>
        )}
        {stage && (
          <>
            <Group justify="space-between" wrap="wrap" gap="xs" mt="xs">
              <Group gap="xs">
                <Title order={4} size="h5">
                  {t('process.milestone')}
                </Title>
                {stage.criteria.length > 0 && (
                  <Badge variant="light" color={met === stage.criteria.length ? 'teal' : 'gray'}>
                    {t('process.metCount', { met, total: stage.criteria.length })}
                  </Badge>
                )}
              </Group>
              <Select
                size="xs"
                w={260}
                aria-label={t('process.viewStage')}
                allowDeselect={false}
                value={stage.id}
                data={view.stages.map((s) => ({ value: s.id, label: name(s.id) }))}
                onChange={setSelected}
                data-testid="milestone-stage"
              />
            </Group>
            <MilestoneChecklist
              dealId={view.opportunityId}
              stage={stage}
              canWrite={canWrite}
              canConfirm={canConfirm}
              onShortcut={onShortcut}
            />
            {(stage.guidanceEn || stage.guidanceZh) && (
              <Stack gap={2}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                  {t('process.guidance')}
                </Text>
                <Text size="sm">{pick(lang, stage.guidanceEn, stage.guidanceZh)}</Text>
              </Stack>
            )}
            {stage.tools.length > 0 && <ToolLinks tools={stage.tools} />}
          </>
        )}
        <StageHistory view={view} name={name} />
      </Stack>
    </Paper>
  );
}

/**
 * A stage's tools, shared by the process card and the health panel: a built-in worksheet opens in the app,
 * any other link (the organization's own documents) in a new tab.
 */
export function ToolLinks({ tools }: { tools: Tool[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {t('process.tools')}
      </Text>
      {tools.map((x) => {
        const label = pick(i18n.language, x.label, x.labelZh);
        return builtInToolSlug(x.url) ? (
          <Anchor key={x.url + x.label} component={Link} to={x.url} size="sm">
            <Group gap={2} wrap="nowrap">
              <IconFileText size={12} />
              {label}
            </Group>
          </Anchor>
        ) : (
          <Anchor key={x.url + x.label} href={x.url} size="sm" target="_blank" rel="noreferrer">
            <Group gap={2} wrap="nowrap">
              {label}
              <IconExternalLink size={12} />
            </Group>
          </Anchor>
        );
      })}
    </Group>
  );
}
