// The deal's stays in each stage, newest first; overrides of a gate are highlighted with their reason.
import { Accordion, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { elapsedDays } from '../../../core/process/health.ts';
import { formatDate } from '../../lib/format.ts';
import type { ProcessView } from '../../lib/process.ts';

export function StageHistory({ view, name }: { view: ProcessView; name: (id: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const periods = [...view.history].reverse();
  const overrides = periods.filter((p) => p.override).length;
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="history">
        <Accordion.Control data-testid="stage-history-toggle">
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {t('process.history')}
            </Text>
            <Badge size="xs" variant="light" color="gray">
              {periods.length}
            </Badge>
            {overrides > 0 && (
              <Badge size="xs" color="orange">
                {t('process.override')} × {overrides}
              </Badge>
            )}
          </Group>
        </Accordion.Control>
        <Accordion.Panel>
          {periods.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('process.noHistory')}
            </Text>
          ) : (
            <Stack gap="xs" data-testid="stage-history">
              {periods.map((p) => {
                const days = elapsedDays(p.enteredAt, p.leftAt ? new Date(p.leftAt) : new Date());
                return (
                  <Stack
                    key={`${p.stageId}-${p.enteredAt}`}
                    gap={2}
                    p={6}
                    data-override={p.override ? 'true' : undefined}
                    style={{
                      borderLeft: `3px solid var(--mantine-color-${p.override ? 'orange-6' : 'gray-3'})`,
                      background: p.override ? 'var(--mantine-color-orange-light)' : undefined,
                    }}
                  >
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {name(p.stageId)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('process.days', { count: days })}
                      </Text>
                      {p.override && (
                        <Badge size="xs" color="orange">
                          {t('process.override')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {t('process.entered', { date: formatDate(p.enteredAt, lang) })}
                      {p.leftAt ? ` · ${t('process.left', { date: formatDate(p.leftAt, lang) })}` : ''}
                      {p.enteredBy ? ` · ${t('process.by', { name: p.enteredBy.name })}` : ''}
                      {p.fromStageId ? ` · ${t('process.from', { stage: name(p.fromStageId) })}` : ''}
                    </Text>
                    {p.reason && <Text size="xs">{t('process.reason', { reason: p.reason })}</Text>}
                  </Stack>
                );
              })}
            </Stack>
          )}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
