import { Alert, Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { RecordSelect, UserSelect } from '../../components/pickers.tsx';
import { api } from '../../lib/api.ts';
import { notifySaved } from '../../lib/errors.ts';
import { invalidateResource } from '../../lib/queries.ts';
import type { Contact } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { rules } from '../../lib/validate.ts';

export function ContactCreateModal({
  opened,
  onClose,
  accountId,
  stay,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  accountId?: string;
  /** Stay on the current page after creating (e.g. on the account). */
  stay?: boolean;
  /** The contact just created (e.g. for the dialog that asked for it to pick it). */
  onCreated?: (row: Contact) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const initial = {
    name: '',
    title: '',
    department: '',
    email: '',
    phone: '',
    accountId: accountId ?? '',
    ownerId: me.user.id,
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened]);
  const submit = () =>
    form.submit(
      {
        name: [rules.required, rules.maxLength(200)],
        title: [rules.maxLength(200)],
        department: [rules.maxLength(200)],
        email: [rules.email, rules.maxLength(254)],
        phone: [rules.maxLength(50)],
      },
      async (v) => {
        const row = await api.post<Contact>('/contacts', {
          name: v.name.trim(),
          title: v.title.trim() || null,
          department: v.department.trim() || null,
          email: v.email.trim() || null,
          phone: v.phone.trim() || null,
          accountId: v.accountId || null,
          ownerId: v.ownerId || undefined,
        });
        await invalidateResource(qc, 'contacts');
        notifySaved(t, t('contacts.created', { name: row.name }));
        onCreated?.(row);
        onClose();
        if (!stay) navigate(`/contacts/${row.id}`);
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t('contacts.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.name')} required data-autofocus {...form.input('name')} />
            <TextInput label={t('fields.title')} {...form.input('title')} />
            <TextInput label={t('fields.department')} {...form.input('department')} />
            <TextInput label={t('fields.email')} type="email" {...form.input('email')} />
            <TextInput label={t('fields.phone')} type="tel" {...form.input('phone')} />
            <RecordSelect
              resource="accounts"
              label={t('fields.account')}
              value={form.values.accountId || null}
              onChange={form.set('accountId')}
              error={form.errors.accountId}
            />
            <UserSelect
              label={t('fields.owner')}
              value={form.values.ownerId || null}
              onChange={form.set('ownerId')}
              error={form.errors.ownerId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
