// Downloads as a file: a plain link, so the browser streams the export to disk however large it is (the
// session cookie goes with it), instead of holding it in memory as fetch would.
import { Button } from '@mantine/core';
import { IconDownload, IconFileZip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { queryString } from '../lib/api.ts';

const exportLang = (language: string) => (language === 'zh-CN' ? 'zh-CN' : 'en');

/** The CSV export of a list with the same query (search, filters, sort) as the list shows. */
export function exportUrl(
  resource: string,
  query: Record<string, string | undefined>,
  language: string,
): string {
  return `/api/v1/${resource}/export.csv${queryString({ ...query, lang: exportLang(language) })}`;
}

/** "Export CSV" for the current view of a list; `compact` shows only the icon (phones). */
export function ExportButton(props: {
  resource: string;
  query: Record<string, string | undefined>;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Button
      component="a"
      href={exportUrl(props.resource, props.query, i18n.language)}
      download
      variant="default"
      size="sm"
      leftSection={<IconDownload size={16} />}
      aria-label={t('export.csv')}
      title={t('export.csvHint')}
      px={props.compact ? 'xs' : undefined}
      data-testid={`export-${props.resource}`}
    >
      {props.compact ? null : t('export.csv')}
    </Button>
  );
}

/** The whole organization as a ZIP of CSV files (admins). */
export function BundleButton() {
  const { t, i18n } = useTranslation();
  return (
    <Button
      component="a"
      href={`/api/v1/export/bundle${queryString({ lang: exportLang(i18n.language) })}`}
      download
      variant="default"
      leftSection={<IconFileZip size={16} />}
      title={t('export.bundleHint')}
      data-testid="export-bundle"
    >
      {t('export.bundle')}
    </Button>
  );
}
