// The buying-team map: the deal's stakeholders grouped by buying role, each card coloured by attitude with
// influence and whether we have met them; add, edit and remove.
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Rating,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { api } from '../../lib/api.ts';
import { notifyError } from '../../lib/errors.ts';
import { ATTITUDE_COLOR, BUYING_ROLES, type Stakeholder, useRefreshProcess } from '../../lib/process.ts';
import { useNames } from '../../lib/queries.ts';

type Props = {
  dealId: string;
  stakeholders: Stakeholder[];
  canWrite: boolean;
  onAdd: () => void;
  onEdit: (s: Stakeholder) => void;
};

export function StakeholderMap({ dealId, stakeholders, canWrite, onAdd, onEdit }: Props) {
  const { t } = useTranslation();
  const names = useNames(
    'contacts',
    stakeholders.map((s) => s.contactId),
  );
  const refresh = useRefreshProcess();
  const remove = async (s: Stakeholder) => {
    try {
      await api.delete(`/stakeholders/${s.id}`, s.version);
    } catch (err) {
      notifyError(err, t);
    }
    await refresh(dealId);
  };
  const roles = BUYING_ROLES.filter((r) => stakeholders.some((s) => s.role === r));
  return (
    <Stack gap="sm" data-testid="stakeholder-map">
      <Group justify="space-between">
        <Title order={4} size="h5">
          {t('stakeholders.title')}
        </Title>
        {canWrite && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={onAdd}
            data-testid="add-stakeholder"
          >
            {t('stakeholders.add')}
          </Button>
        )}
      </Group>
      {stakeholders.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('stakeholders.empty')}
        </Text>
      )}
      {roles.map((role) => (
        <Stack key={role} gap={4}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            {t(`stakeholders.roles.${role}`)}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="xs">
            {stakeholders
              .filter((s) => s.role === role)
              .sort((a, b) => b.influence - a.influence)
              .map((s) => (
                <Card
                  key={s.id}
                  withBorder
                  padding="xs"
                  data-testid="stakeholder-card"
                  data-role={s.role}
                  style={{ borderLeft: `4px solid var(--mantine-color-${ATTITUDE_COLOR[s.attitude]}-6)` }}
                >
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/contacts/${s.contactId}`} size="sm" fw={500} truncate>
                        {names.get(s.contactId) ?? '…'}
                      </Anchor>
                      <Group gap={4}>
                        <Badge size="xs" variant="light" color={ATTITUDE_COLOR[s.attitude]}>
                          {t(`stakeholders.attitudes.${s.attitude}`)}
                        </Badge>
                        <Badge
                          size="xs"
                          variant={s.met ? 'filled' : 'outline'}
                          color={s.met ? 'teal' : 'gray'}
                        >
                          {s.met ? t('stakeholders.met') : t('stakeholders.notMet')}
                        </Badge>
                      </Group>
                      <Group gap={4}>
                        <Text size="xs" c="dimmed">
                          {t('stakeholders.influence')}
                        </Text>
                        <Rating value={s.influence} count={5} size="xs" readOnly />
                      </Group>
                      {s.notes && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {s.notes}
                        </Text>
                      )}
                    </Stack>
                    {canWrite && (
                      <Group gap={0} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          size="md"
                          aria-label={t('stakeholders.edit')}
                          onClick={() => onEdit(s)}
                        >
                          <IconPencil size={14} />
                        </ActionIcon>
                        <ConfirmAction
                          message={t('stakeholders.removeConfirm', { name: names.get(s.contactId) ?? '' })}
                          confirmLabel={t('stakeholders.remove')}
                          onConfirm={() => remove(s)}
                        >
                          <ActionIcon
                            variant="subtle"
                            size="md"
                            color="red"
                            aria-label={t('stakeholders.remove')}
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        </ConfirmAction>
                      </Group>
                    )}
                  </Group>
                </Card>
              ))}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
