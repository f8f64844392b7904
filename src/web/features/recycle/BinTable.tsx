// The recycle bin as a table: one row per deletion with its Restore button, and beneath it (indented) what
// that deletion took with it, which comes back with it.
import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconCornerDownRight, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { daysLeft, purgeTime } from '../../../core/recycle.ts';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format.ts';
import type { BinEntry, BinKind, BinRecord } from './bin.ts';
import { useRecycleTranslation } from './i18n.ts';
import { kindLabel } from './labels.ts';

/** What a deletion took is listed up to this many records until asked for all. */
const CASCADED_SHOWN = 5;

type Props = {
  entries: readonly BinEntry[];
  now: number;
  /** Who deleted it, as shown (the signed-in user is “Me”). */
  userName: (id: string | null) => string;
  canRestore: (kind: BinKind) => boolean;
  restoring: string | null;
  onRestore: (entry: BinEntry) => void;
};

function KindBadge({ kind, muted }: { kind: BinKind; muted?: boolean }) {
  const { tApp } = useRecycleTranslation();
  return (
    <Badge variant="light" color={muted ? 'gray' : 'blue'} size="sm" tt="none" fw={500}>
      {kindLabel(kind, tApp)}
    </Badge>
  );
}

function CascadedRow({ record, root }: { record: BinRecord; root: BinEntry }) {
  const { t } = useRecycleTranslation();
  return (
    <Table.Tr data-testid="bin-cascaded" data-kind={record.kind} data-id={record.id} bg="gray.0">
      <Table.Td pl="lg">
        <Group gap={6} wrap="nowrap">
          <IconCornerDownRight size={14} color="var(--mantine-color-gray-6)" aria-hidden />
          <KindBadge kind={record.kind} muted />
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="wp-clamp-1">
          {record.name}
        </Text>
      </Table.Td>
      <Table.Td colSpan={4}>
        <Text size="xs" c="dimmed">
          {t('deletedWith', { name: root.name })}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function EntryRows({ entry, ...props }: Omit<Props, 'entries'> & { entry: BinEntry }) {
  const { t, i18n } = useRecycleTranslation();
  const [all, setAll] = useState(false);
  const lang = i18n.language;
  const days = daysLeft(entry.deletedAt, props.now);
  const cascaded = all ? entry.cascaded : entry.cascaded.slice(0, CASCADED_SHOWN);
  return (
    <>
      <Table.Tr data-testid="bin-entry" data-kind={entry.kind} data-id={entry.id}>
        <Table.Td>
          <KindBadge kind={entry.kind} />
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500} className="wp-clamp-1">
            {entry.name}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">{formatRelative(entry.deletedAt, lang, props.now)}</Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(entry.deletedAt, lang)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" className="wp-clamp-1">
            {props.userName(entry.updatedBy)}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm" c={days <= 3 ? 'orange.9' : undefined} fw={days <= 3 ? 500 : undefined}>
            {t('daysLeft', { count: days })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('keptUntil', { date: formatDate(new Date(purgeTime(entry.deletedAt)).toISOString(), lang) })}
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          {props.canRestore(entry.kind) && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRestore size={14} />}
              aria-label={t('restoreNamed', { name: entry.name })}
              loading={props.restoring === entry.id}
              disabled={props.restoring !== null && props.restoring !== entry.id}
              onClick={() => props.onRestore(entry)}
            >
              {t('restore')}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {cascaded.map((r) => (
        <CascadedRow key={`${r.kind}:${r.id}`} record={r} root={entry} />
      ))}
      {!all && entry.cascaded.length > CASCADED_SHOWN && (
        <Table.Tr bg="gray.0">
          <Table.Td colSpan={6} pl="lg">
            <Button variant="subtle" size="compact-xs" onClick={() => setAll(true)}>
              {t('showAll', { count: entry.cascaded.length })}
            </Button>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

export function BinTable({ entries, ...props }: Props) {
  const { t, tApp } = useRecycleTranslation();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" data-testid="recycle-bin">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{tApp('fields.type')}</Table.Th>
            <Table.Th>{tApp('fields.name')}</Table.Th>
            <Table.Th w={190}>{t('deleted')}</Table.Th>
            <Table.Th w={150}>{t('deletedBy')}</Table.Th>
            <Table.Th w={150}>{t('timeLeft')}</Table.Th>
            <Table.Th w={120}>
              <VisuallyHidden>{t('restore')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <EntryRows key={`${e.kind}:${e.id}`} entry={e} {...props} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
