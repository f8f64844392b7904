// A built-in worksheet (/tools/:slug): the tool a stage links to, in the interface's language, to read on
// screen or print and fill in by hand — blanks to write into, questions with room for the answer, and
// checklists to tick. "Used in" names the stages of this organization's funnel models that link it.
import { Badge, Box, Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter, IconSquare } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Bilingual, ToolSection } from '../../../core/stage-tools.ts';
import { toolUrl } from '../../../core/stage-tools.ts';
import { toolTemplate } from '../../../core/tool-templates.ts';
import NotFoundPage from '../../app/NotFoundPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { pick } from '../../lib/process.ts';
import { usePipelines } from '../../lib/queries.ts';

export default function ToolPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { pipelines } = usePipelines();
  const template = toolTemplate(slug);
  if (!template) return <NotFoundPage text={t('tool.notFound')} />;
  const say = (b: Bilingual) => pick(i18n.language, b.en, b.zh);
  const url = toolUrl(slug);
  const usedIn = pipelines.flatMap((p) =>
    p.stages
      .filter((s) => s.tools?.some((x) => x.url === url))
      .map((s) => ({
        key: s.id,
        label: `${pick(i18n.language, s.nameEn, s.nameZh)}${pipelines.length > 1 ? ` · ${pipelineName(p, i18n.language)}` : ''}`,
      })),
  );
  return (
    <Stack gap="md" maw={880}>
      <PageHeader
        title={say(template.title)}
        subtitle={say(template.purpose)}
        badges={<Badge variant="light">{t('tool.worksheet')}</Badge>}
        actions={
          <Button
            variant="default"
            leftSection={<IconPrinter size={16} />}
            onClick={() => window.print()}
            className="wp-no-print"
          >
            {t('tool.print')}
          </Button>
        }
      />
      {usedIn.length > 0 && (
        <Group gap="xs" className="wp-no-print">
          <Text size="sm" c="dimmed">
            {t('tool.usedIn')}
          </Text>
          {usedIn.map((u) => (
            <Badge key={u.key} variant="outline" color="gray" tt="none">
              {u.label}
            </Badge>
          ))}
        </Group>
      )}
      {template.sections.map((section) => (
        <Paper key={section.title.en} withBorder p="md" className="wp-worksheet-section">
          <Title order={2} size="h5" mb="sm">
            {say(section.title)}
          </Title>
          <SectionBody section={section} say={say} />
        </Paper>
      ))}
    </Stack>
  );
}

function SectionBody({ section, say }: { section: ToolSection; say: (b: Bilingual) => string }) {
  if (section.kind === 'checklist')
    return (
      <List size="sm" spacing={8} icon={<IconSquare size={16} stroke={1.5} aria-hidden />} center>
        {section.items.map((item) => (
          <List.Item key={item.en}>{say(item)}</List.Item>
        ))}
      </List>
    );
  if (section.kind === 'questions')
    return (
      <List type="ordered" size="sm" spacing="md">
        {section.items.map((item) => (
          <List.Item key={item.en}>
            <Text size="sm">{say(item)}</Text>
            <Box className="wp-blank" h={40} />
          </List.Item>
        ))}
      </List>
    );
  return (
    <Table withRowBorders={false} layout="fixed">
      <Table.Tbody>
        {section.items.map((item) => (
          <Table.Tr key={item.en}>
            <Table.Th w="36%" fw={500} style={{ verticalAlign: 'bottom' }}>
              {say(item)}
            </Table.Th>
            <Table.Td>
              <Box className="wp-blank" h={28} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
