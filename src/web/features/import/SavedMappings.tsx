// Mappings kept by name (the same JSON the CLI reads): load one onto this file, save the current one, or
// delete one that is no longer wanted.
import { ActionIcon, Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { errorMessage, notifyError, notifySaved } from '../../lib/errors.ts';
import {
  deleteMapping,
  type ImportEntity,
  type ImportMapping,
  importKeys,
  type SavedImportMapping,
  saveMapping,
  useSavedMappings,
} from './api.ts';
import { useImportTranslation } from './i18n.ts';

export function SavedMappings(props: {
  entity: ImportEntity;
  mapping: ImportMapping;
  onLoad: (m: SavedImportMapping) => void;
}) {
  const { t } = useImportTranslation();
  const { t: tApp } = useTranslation();
  const qc = useQueryClient();
  const saved = useSavedMappings(props.entity);
  const [chosen, setChosen] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const items = saved.data ?? [];

  const save = async () => {
    if (!name.trim()) {
      setError(t('mappingNameRequired'));
      return;
    }
    setBusy(true);
    try {
      const m = await saveMapping({ name: name.trim(), entity: props.entity, mapping: props.mapping });
      await qc.invalidateQueries({ queryKey: importKeys.mappings(props.entity) });
      setChosen(m.id);
      setSaving(false);
      notifySaved(tApp, t('mappingSaved', { name: m.name }));
    } catch (err) {
      setError(errorMessage(err, tApp));
    } finally {
      setBusy(false);
    }
  };

  const current = items.find((m) => m.id === chosen);
  const remove = async (m: SavedImportMapping) => {
    try {
      await deleteMapping(m.id);
      setChosen(null);
      await qc.invalidateQueries({ queryKey: importKeys.mappings(props.entity) });
      notifySaved(tApp, t('mappingDeleted', { name: m.name }));
    } catch (err) {
      notifyError(err, tApp);
    }
  };

  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label={t('savedMapping')}
        placeholder={items.length ? t('loadMapping') : t('noSavedMappings')}
        data={items.map((m) => ({ value: m.id, label: m.name }))}
        value={chosen}
        disabled={!items.length}
        onChange={(id) => {
          setChosen(id);
          const m = items.find((x) => x.id === id);
          if (m) props.onLoad(m);
        }}
        w={280}
        data-testid="saved-mapping"
      />
      {current && (
        <ConfirmAction
          message={t('confirmDeleteMapping', { name: current.name })}
          onConfirm={() => remove(current)}
        >
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('deleteMapping', { name: current.name })}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </ConfirmAction>
      )}
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={16} />}
        onClick={() => {
          setName('');
          setError(null);
          setSaving(true);
        }}
      >
        {t('saveMapping')}
      </Button>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('saveMapping')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          noValidate
        >
          <Stack>
            {error && <Alert color="red">{error}</Alert>}
            <TextInput
              label={t('mappingName')}
              description={t('mappingNameHelp')}
              required
              data-autofocus
              value={name}
              maxLength={200}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setError(null);
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
