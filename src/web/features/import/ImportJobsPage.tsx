// Recent imports (admins): what was imported when, by which file, how it went, and each error report.
import { Anchor, Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { AdminGate } from '../admin/AdminGate.tsx';
import { errorReportUrl, type ImportJobView, useImportJobs } from './api.ts';
import { useImportTranslation } from './i18n.ts';

const STATE_COLOR: Record<ImportJobView['state'], string> = {
  running: 'blue',
  interrupted: 'yellow',
  completed: 'teal',
  failed: 'red',
};

export default function ImportJobsPage() {
  const { t, i18n } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const jobs = useImportJobs();
  const n = (x: number) => formatNumber(x, i18n.language);
  const newImport = (
    <Button component={Link} to="/admin/import" leftSection={<IconFileImport size={16} />}>
      {t('newImport')}
    </Button>
  );
  return (
    <AdminGate subject="imports">
      <PageHeader
        title={t('jobsTitle')}
        subtitle={t('jobsSubtitle')}
        crumbs={[{ label: t('title'), to: '/admin/import' }]}
        actions={newImport}
      />
      {jobs.isPending && <Text c="dimmed">{t('loading')}</Text>}
      {jobs.isError && <Text c="red">{errorMessage(jobs.error, tApp)}</Text>}
      {jobs.isSuccess && !jobs.data.length && (
        <EmptyState title={t('noJobsTitle')} text={t('noJobsText')} action={newImport} />
      )}
      {jobs.isSuccess && jobs.data.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="import-jobs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('startedAt')}</Table.Th>
                <Table.Th>{t('fileColumn')}</Table.Th>
                <Table.Th>{t('entity')}</Table.Th>
                <Table.Th>{t('status')}</Table.Th>
                <Table.Th ta="right">{t('rows')}</Table.Th>
                <Table.Th ta="right">{t('counts.inserted')}</Table.Th>
                <Table.Th ta="right">{t('counts.updated')}</Table.Th>
                <Table.Th ta="right">{t('counts.unchanged')}</Table.Th>
                <Table.Th ta="right">{t('counts.failed')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('errorReport')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.map((j) => (
                <Table.Tr key={j.id} data-job-id={j.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(j.startedAt, i18n.language)}
                  </Table.Td>
                  <Table.Td className="wp-clamp-1" maw={240}>
                    {j.fileName}
                  </Table.Td>
                  <Table.Td>{t(`entities.${j.entity}`)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLOR[j.state]} variant="light" size="sm">
                      {t(`states.${j.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{n(j.rowsDone)}</Table.Td>
                  <Table.Td ta="right">{n(j.counts.inserted)}</Table.Td>
                  <Table.Td ta="right">{n(j.counts.updated)}</Table.Td>
                  <Table.Td ta="right">{n(j.counts.unchanged)}</Table.Td>
                  <Table.Td ta="right" c={j.counts.failed ? 'red' : undefined}>
                    {n(j.counts.failed)}
                  </Table.Td>
                  <Table.Td>
                    {j.counts.failed > 0 && (
                      <Anchor href={errorReportUrl(j.id, i18n.language)} download size="sm">
                        {t('errorReport')}
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </AdminGate>
  );
}
