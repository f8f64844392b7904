import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/RequireAuth.tsx';
import { Money } from '../../components/display.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, listAll } from '../../lib/api.ts';
import { errorMessage, notifySaved } from '../../lib/errors.ts';
import { invalidateResource } from '../../lib/queries.ts';
import type { Product } from '../../lib/types.ts';
import { useForm } from '../../lib/useForm.ts';
import { usePatch } from '../../lib/useRecord.ts';
import { rules } from '../../lib/validate.ts';
import { CURRENCIES } from '../opportunities/OpportunityCreateModal.tsx';
import { AdminGate } from './AdminGate.tsx';

function ProductModal({
  product,
  opened,
  onClose,
}: {
  product: Product | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const patch = usePatch();
  const initial = {
    name: product?.name ?? '',
    family: product?.family ?? '',
    listPrice: product ? String(product.listPrice) : '',
    currency: product?.currency ?? me.organization.defaultCurrency,
    active: product ? (product.active ? 'true' : '') : 'true',
  };
  const form = useForm(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another product
  useEffect(() => {
    if (opened) form.reset(initial);
  }, [opened, product?.id]);
  const submit = () =>
    form.submit(
      {
        name: [rules.required, rules.maxLength(200)],
        family: [rules.maxLength(200)],
        listPrice: [rules.required, rules.money],
        currency: [rules.currency],
      },
      async (v) => {
        const body = {
          name: v.name.trim(),
          family: v.family.trim() || null,
          listPrice: Number(v.listPrice),
          currency: v.currency,
          active: !!v.active,
        };
        if (product)
          await patch<Product>('products', product.id, product.version, body, () => [
            { label: t('fields.name'), value: body.name },
            { label: t('fields.listPrice'), value: String(body.listPrice) },
          ]);
        else await api.post<Product>('/products', body);
        await invalidateResource(qc, 'products');
        notifySaved(t);
        onClose();
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={product ? t('admin.editProduct') : t('admin.newProduct')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack>
          {form.errors._form && <Alert color="red">{form.errors._form}</Alert>}
          <TextInput label={t('fields.name')} required data-autofocus {...form.input('name')} />
          <TextInput label={t('fields.family')} {...form.input('family')} />
          <SimpleGrid cols={2}>
            <NumberInput
              label={t('fields.listPrice')}
              required
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={form.values.listPrice}
              onChange={(x) => form.set('listPrice')(String(x))}
              error={form.errors.listPrice}
            />
            <Select
              label={t('fields.currency')}
              data={[...new Set([form.values.currency, ...CURRENCIES])]}
              value={form.values.currency}
              onChange={form.set('currency')}
              error={form.errors.currency}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Switch
            label={t('admin.productActive')}
            checked={!!form.values.active}
            onChange={(e) => form.set('active')(e.currentTarget.checked ? 'true' : '')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {product ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function ProductsAdminPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Product | null>(null);
  const [creating, setCreating] = useState(false);
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: ({ signal }) => listAll<Product>('/products', { sort: 'name' }, { signal }),
  });
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (products.data ?? []).filter(
      (p) => !q || p.name.toLowerCase().includes(q) || (p.family ?? '').toLowerCase().includes(q),
    );
  }, [products.data, search]);
  return (
    <AdminGate subject="products">
      <PageHeader
        title={t('admin.productsTitle')}
        subtitle={t('admin.productsSubtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('admin.newProduct')}
          </Button>
        }
      />
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('common.search')}
        aria-label={t('common.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={320}
        mb="sm"
      />
      {products.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {products.isError && <Text c="red">{errorMessage(products.error, t)}</Text>}
      {products.isSuccess && !products.data.length && (
        <EmptyState
          title={t('admin.noProductsTitle')}
          text={t('admin.noProductsText')}
          action={
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              {t('admin.newProduct')}
            </Button>
          }
        />
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="products-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.family')}</Table.Th>
                <Table.Th ta="right">{t('fields.listPrice')}</Table.Th>
                <Table.Th>{t('fields.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.family ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    <Money amount={p.listPrice} currency={p.currency} />
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={p.active ? 'teal' : 'gray'}>
                      {p.active ? t('admin.active') : t('admin.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setEditing(p)}
                      aria-label={t('admin.editNamed', { name: p.name })}
                    >
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ProductModal
        product={editing}
        opened={!!editing || creating}
        onClose={() => {
          setEditing(null);
          setCreating(false);
        }}
      />
    </AdminGate>
  );
}
