// A restore the server refused as a possible duplicate (an account of the same name was created while this
// one was in the recycle bin): the accounts that have the name, as links, and "Restore anyway". The alert is
// the accounts' own, as the create and rename forms show it.
import { Modal } from '@mantine/core';
import { DuplicateAccountAlert } from '../accounts/DuplicateAccountAlert.tsx';
import type { DuplicateAccount } from '../accounts/duplicates.ts';
import type { BinEntry } from './bin.ts';
import { useRecycleTranslation } from './i18n.ts';

export type RefusedRestore = { entry: BinEntry; duplicates: DuplicateAccount[] };

export function DuplicateRestoreModal({
  refused,
  onClose,
  onRestoreAnyway,
  restoring,
}: {
  refused: RefusedRestore | null;
  onClose: () => void;
  onRestoreAnyway: (entry: BinEntry) => void;
  restoring: boolean;
}) {
  const { t } = useRecycleTranslation();
  return (
    <Modal
      opened={!!refused}
      onClose={onClose}
      title={refused ? t('restoreNamed', { name: refused.entry.name }) : ''}
      size="lg"
    >
      {refused && (
        <DuplicateAccountAlert
          duplicates={refused.duplicates}
          proceedLabel={t('restoreAnyway')}
          onProceed={() => onRestoreAnyway(refused.entry)}
          proceeding={restoring}
          onOpen={onClose}
        />
      )}
    </Modal>
  );
}
