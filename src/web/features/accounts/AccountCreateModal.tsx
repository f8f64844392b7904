import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../app/RequireAuth.tsx';
import { enumOptions } from '../../components/options.ts';
import { RecordSelect, UserSelect } from '../../components/pickers.tsx';
import { api } from '../../lib/api.ts';
import { notifySaved } from '../../lib/errors.ts';
import { invalidateResource } from '../../lib/queries.ts';
import { ACCOUNT_TIERS, type Account, COMPANY_SIZES } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { rules } from '../../lib/validate.ts';
import { DuplicateAccountAlert } from './DuplicateAccountAlert.tsx';
import { type DuplicateAccount, duplicateAccountsOf } from './duplicates.ts';

export function AccountCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    name: '',
    industry: '',
    tier: 'standard',
    size: '',
    website: '',
    ownerId: me.user.id,
    parentId: '',
  });
  // The name the server called a possible duplicate, with its matches: shown while the name is unchanged.
  const [refused, setRefused] = useState<{ name: string; duplicates: DuplicateAccount[] }>();
  const close = () => {
    form.reset();
    setRefused(undefined);
    onClose();
  };
  const submit = (allowDuplicate = false) =>
    form.submit(
      {
        name: [rules.required, rules.maxLength(200)],
        industry: [rules.maxLength(200)],
        website: [rules.url, rules.maxLength(300)],
      },
      async (v) => {
        const row = await api
          .post<Account>('/accounts', {
            name: v.name.trim(),
            industry: v.industry.trim() || null,
            tier: v.tier,
            size: v.size || null,
            website: v.website.trim() || null,
            ownerId: v.ownerId || undefined,
            parentId: v.parentId || null,
            ...(allowDuplicate && { allowDuplicate: true }),
          })
          .catch((err: unknown) => {
            const duplicates = duplicateAccountsOf(err);
            if (duplicates) setRefused({ name: v.name, duplicates });
            throw err;
          });
        await invalidateResource(qc, 'accounts');
        notifySaved(t, t('accounts.created', { name: row.name }));
        close();
        navigate(`/accounts/${row.id}`);
      },
    );
  return (
    <Modal opened={opened} onClose={close} title={t('accounts.new')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <TextInput label={t('fields.name')} required {...form.input('name')} data-autofocus />
          {refused && refused.name === form.values.name && (
            <DuplicateAccountAlert
              duplicates={refused.duplicates}
              proceedLabel={t('accounts.duplicate.createAnyway')}
              onProceed={() => void submit(true)}
              proceeding={form.submitting}
              onOpen={close}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('fields.industry')} {...form.input('industry')} />
            <Select
              label={t('fields.tier')}
              data={enumOptions(ACCOUNT_TIERS, 'tier', t)}
              value={form.values.tier}
              onChange={form.set('tier')}
              error={form.errors.tier}
              allowDeselect={false}
            />
            <Select
              label={t('fields.size')}
              data={enumOptions(COMPANY_SIZES, 'size', t)}
              value={form.values.size || null}
              onChange={form.set('size')}
              error={form.errors.size}
              clearable
            />
            <TextInput label={t('fields.website')} placeholder="https://" {...form.input('website')} />
            <UserSelect
              label={t('fields.owner')}
              value={form.values.ownerId || null}
              onChange={form.set('ownerId')}
              error={form.errors.ownerId}
            />
            <RecordSelect
              resource="accounts"
              label={t('fields.parentAccount')}
              value={form.values.parentId || null}
              onChange={form.set('parentId')}
              error={form.errors.parentId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
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
