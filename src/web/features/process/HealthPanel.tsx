// Deal health from the server: the score and each warning with its suggested next action and tools.
import { Badge, Group, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconHeartbeat, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Health, type HealthWarning, SEVERITY_COLOR, scoreColor } from '../../lib/process.ts';
import { ToolLinks } from './ProcessCard.tsx';

export function HealthPanel({ health }: { health: Health | undefined }) {
  const { t } = useTranslation();
  if (!health) return null;
  const tools = health.warnings.find((w) => w.tools.length)?.tools ?? [];
  return (
    <Paper withBorder p="md" data-testid="health-panel">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <IconHeartbeat size={18} />
            <Title order={4} size="h5">
              {t('health.title')}
            </Title>
          </Group>
          <HealthScore score={health.score} />
        </Group>
        {health.warnings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('health.healthy')}
          </Text>
        ) : (
          health.warnings.map((w) => (
            <Group key={w.code} gap="xs" wrap="nowrap" align="flex-start" data-testid={`health-${w.code}`}>
              <ThemeIcon size="sm" variant="light" color={SEVERITY_COLOR[w.severity]} mt={2}>
                {w.severity === 'info' ? <IconInfoCircle size={14} /> : <IconAlertTriangle size={14} />}
              </ThemeIcon>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm">{w.message}</Text>
                <Text size="xs" c="dimmed">
                  {t('health.suggestion', { text: w.suggestion })}
                </Text>
              </Stack>
            </Group>
          ))
        )}
        {tools.length > 0 && <ToolLinks tools={tools} />}
      </Stack>
    </Paper>
  );
}

export function HealthScore({ score, size = 'md' }: { score: number; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={scoreColor(score)}
      variant="light"
      size={size}
      style={{ flexShrink: 0 }}
      data-testid="health-score"
    >
      {t('health.score', { score })}
    </Badge>
  );
}

/** Compact warning icons with the messages in a tooltip (board cards, lists). */
export function HealthIcons({
  warnings,
}: {
  warnings: Pick<HealthWarning, 'code' | 'severity' | 'message'>[];
}) {
  if (!warnings.length) return null;
  const worst = warnings.some((w) => w.severity === 'critical')
    ? 'critical'
    : warnings.some((w) => w.severity === 'warning')
      ? 'warning'
      : 'info';
  return (
    <Tooltip
      multiline
      w={260}
      withArrow
      label={
        <Stack gap={2}>
          {warnings.map((w) => (
            <Text key={w.code} size="xs">
              • {w.message}
            </Text>
          ))}
        </Stack>
      }
    >
      <Group gap={2} wrap="nowrap" data-testid="health-icons">
        <IconAlertTriangle size={14} color={`var(--mantine-color-${SEVERITY_COLOR[worst]}-6)`} />
        <Text size="xs" c={SEVERITY_COLOR[worst]}>
          {warnings.length}
        </Text>
      </Group>
    </Tooltip>
  );
}
