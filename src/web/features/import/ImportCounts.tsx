// What an import did (or, in the preview, would do): new, updated, unchanged and refused rows, and the
// references created for names nothing matched.
import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { formatNumber } from '../../lib/format.ts';
import type { ImportPreview } from './api.ts';
import { useImportTranslation } from './i18n.ts';
import { refKindLabel } from './labels.ts';

type Counts = ImportPreview['counts'];
const KEYS = ['inserted', 'updated', 'unchanged', 'failed'] as const;
const COLOR = { inserted: 'teal', updated: 'blue', unchanged: 'gray', failed: 'red' } as const;

export function ImportCounts({ counts, testId }: { counts: Counts; testId: string }) {
  const { t, i18n } = useImportTranslation();
  const created = Object.entries(counts.created).filter(([, n]) => n > 0);
  return (
    <div data-testid={testId}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {KEYS.map((k) => (
          <Paper key={k} withBorder p="sm" radius="md" data-testid={`count-${k}`} data-value={counts[k]}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`counts.${k}`)}
            </Text>
            <Text size="xl" fw={700} c={counts[k] > 0 ? COLOR[k] : undefined}>
              {formatNumber(counts[k], i18n.language)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {created.length > 0 && (
        <Group gap="xs" mt="xs">
          <Text size="sm" c="dimmed">
            {t('createdRefs')}
          </Text>
          {created.map(([kind, n]) => (
            <Text key={kind} size="sm" data-testid={`created-${kind}`}>
              {refKindLabel(kind)} {formatNumber(n, i18n.language)}
            </Text>
          ))}
        </Group>
      )}
    </div>
  );
}
