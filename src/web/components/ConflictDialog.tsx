// The 412 dialog: tells the user who changed the record under them and lets them reload (dropping their
// change, knowingly) or re-apply their change on top of the new version. Nothing is dropped silently.
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictInfo } from '../lib/api.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';

export type ConflictChoice = 'reload' | 'reapply' | 'cancel';
type Ask = (info: {
  current?: ConflictInfo;
  changes: { label: string; value: string }[];
}) => Promise<ConflictChoice>;

const Ctx = createContext<Ask | null>(null);

export function ConflictProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<Parameters<Ask>[0] | null>(null);
  const resolver = useRef<((c: ConflictChoice) => void) | null>(null);
  const ask = useCallback<Ask>(
    (info) =>
      new Promise<ConflictChoice>((resolve) => {
        resolver.current?.('cancel');
        resolver.current = resolve;
        setState(info);
      }),
    [],
  );
  const finish = (choice: ConflictChoice) => {
    resolver.current?.(choice);
    resolver.current = null;
    setState(null);
  };
  const who = state?.current?.updatedBy?.name;
  const when = state?.current?.updatedAt;
  const value = useMemo(() => ask, [ask]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <Modal
        opened={!!state}
        onClose={() => finish('cancel')}
        title={t('conflict.title')}
        centered
        attributes={{ content: { 'data-testid': 'conflict-dialog' } }}
      >
        <Stack gap="sm">
          <Text>
            {who
              ? t('conflict.changedBy', {
                  name: who,
                  when: when ? formatRelative(when, i18n.language) : '',
                })
              : t('conflict.changedBySomeone')}
          </Text>
          {when && (
            <Text size="sm" c="dimmed">
              {formatDateTime(when, i18n.language)}
            </Text>
          )}
          {!!state?.changes.length && (
            <>
              <Text size="sm" fw={500}>
                {t('conflict.yourChange')}
              </Text>
              <List size="sm">
                {state.changes.map((c) => (
                  <List.Item key={c.label}>
                    {c.label}: <b>{c.value}</b>
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Text size="sm" c="dimmed">
            {t('conflict.explain')}
          </Text>
          <Group justify="flex-end" mt="sm" wrap="wrap">
            <Button variant="default" onClick={() => finish('reload')}>
              {t('conflict.reload')}
            </Button>
            <Button onClick={() => finish('reapply')}>{t('conflict.reapply')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Ctx.Provider>
  );
}

export function useConflictDialog(): Ask {
  const ask = useContext(Ctx);
  if (!ask) throw new Error('useConflictDialog outside ConflictProvider');
  return ask;
}
