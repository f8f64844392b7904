// Adds a contact of the deal's account to the buying team, or edits a stakeholder (If-Match on PATCH). A
// contact holds each role once: the picker marks who holds the chosen role already, and says so.
import {
  Button,
  CheckIcon,
  Group,
  Modal,
  Rating,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordSelect } from '../../components/pickers.tsx';
import { api, isProblem } from '../../lib/api.ts';
import { notifyError } from '../../lib/errors.ts';
import {
  ATTITUDES,
  type Attitude,
  BUYING_ROLES,
  type BuyingRole,
  type Stakeholder,
  useRefreshProcess,
  useStakeholders,
} from '../../lib/process.ts';
import { qk, useNames } from '../../lib/queries.ts';
import type { Contact } from '../../lib/types.ts';
import { SaveCancelled, SaveDiscarded, usePatch } from '../../lib/useRecord.ts';
import { fieldProblemText } from '../../lib/validate.ts';
import { ContactCreateModal } from '../contacts/ContactCreateModal.tsx';
import { contactsInRole, isRoleTaken, roleTakenText } from './stakeholderRoles.ts';

export type StakeholderEdit = { stakeholder?: Stakeholder; role?: BuyingRole } | null;

export function StakeholderModal({
  dealId,
  accountId,
  edit,
  onClose,
}: {
  dealId: string;
  accountId: string;
  edit: StakeholderEdit;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshProcess();
  const patch = usePatch();
  const qc = useQueryClient();
  const s = edit?.stakeholder;
  const [contactId, setContactId] = useState<string | null>(null);
  const [role, setRole] = useState<BuyingRole>('decision_maker');
  const [attitude, setAttitude] = useState<Attitude>('neutral');
  const [influence, setInfluence] = useState(3);
  const [met, setMet] = useState(false);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  const team = useStakeholders(dealId).data;
  const inRole = useMemo(() => contactsInRole(team ?? [], role, s?.id), [team, role, s?.id]);
  const contactName = useNames('contacts', contactId ? [contactId] : []).get(contactId ?? '');
  // The contact holds the chosen role on this deal already (a second time would be refused).
  const taken = contactId && inRole.has(contactId) ? roleTakenText(t, contactName, role) : undefined;
  useEffect(() => {
    if (!edit) return;
    setContactId(edit.stakeholder?.contactId ?? null);
    setRole(edit.stakeholder?.role ?? edit.role ?? 'decision_maker');
    setAttitude(edit.stakeholder?.attitude ?? 'neutral');
    setInfluence(edit.stakeholder?.influence ?? 3);
    setMet(edit.stakeholder?.met ?? false);
    setNotes(edit.stakeholder?.notes ?? '');
    setError(undefined);
  }, [edit]);
  const save = async () => {
    if (!contactId) {
      setError(fieldProblemText({ code: 'required' }));
      return;
    }
    if (taken) return;
    setBusy(true);
    const body = { role, attitude, influence, met, notes: notes.trim() || null };
    try {
      if (s) await patch('stakeholders', s.id, s.version, body);
      else await api.post('/stakeholders', { opportunityId: dealId, contactId, ...body });
      await refresh(dealId);
      onClose();
    } catch (err) {
      if (err instanceof SaveDiscarded) {
        await refresh(dealId);
        onClose();
      } else if (!(err instanceof SaveCancelled)) {
        const mine = isProblem(err) ? err.errors.find((e) => e.path === 'contactId') : undefined;
        if (isRoleTaken(err)) {
          // Added meanwhile (by someone else, or in another tab): say who holds what, and show it.
          setError(roleTakenText(t, contactName, role));
          void refresh(dealId);
        } else if (mine) setError(fieldProblemText(mine));
        else notifyError(err, t);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Modal
        opened={!!edit && !creating}
        onClose={onClose}
        centered
        title={s ? t('stakeholders.edit') : t('stakeholders.add')}
        attributes={{ content: { 'data-testid': 'stakeholder-modal' } }}
      >
        <Stack>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <RecordSelect
              resource="contacts"
              filters={{ accountId }}
              label={t('stakeholders.contact')}
              value={contactId}
              onChange={(x) => {
                setContactId(x);
                setError(undefined);
              }}
              error={error ?? taken}
              disabled={!!s}
              required
              renderOption={({ option, checked }) => (
                <>
                  {checked && <CheckIcon size={10} style={{ opacity: 0.4 }} />}
                  <span>{option.label}</span>
                  {inRole.has(option.value) && (
                    <Text size="xs" c="dimmed" ml="auto" data-testid="stakeholder-in-role">
                      {t('stakeholders.inRole')}
                    </Text>
                  )}
                </>
              )}
              style={{ flex: 1 }}
              data-testid="stakeholder-contact"
            />
            {!s && (
              <Button variant="default" onClick={() => setCreating(true)}>
                {t('stakeholders.newContact')}
              </Button>
            )}
          </Group>
          <Select
            label={t('stakeholders.role')}
            value={role}
            allowDeselect={false}
            data={BUYING_ROLES.map((r) => ({ value: r, label: t(`stakeholders.roles.${r}`) }))}
            onChange={(x) => {
              if (!x) return;
              setRole(x as BuyingRole);
              setError(undefined);
            }}
            data-testid="stakeholder-role"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('stakeholders.attitude')}
            </Text>
            <SegmentedControl
              value={attitude}
              onChange={(x) => setAttitude(x as Attitude)}
              data={ATTITUDES.map((a) => ({ value: a, label: t(`stakeholders.attitudes.${a}`) }))}
            />
          </Stack>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {t('stakeholders.influence')}
            </Text>
            <Rating value={influence} onChange={setInfluence} count={5} />
          </Group>
          <Switch
            label={t('stakeholders.met')}
            checked={met}
            onChange={(e) => setMet(e.currentTarget.checked)}
            data-testid="stakeholder-met"
          />
          <Textarea
            label={t('stakeholders.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button loading={busy} onClick={() => void save()} data-testid="stakeholder-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ContactCreateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(row: Contact) => {
          // Pick the new contact; its name is known, so the picker shows it without a round trip.
          qc.setQueryData(qk.names('contacts', [row.id]), new Map([[row.id, row.name]]));
          setContactId(row.id);
          setError(undefined);
        }}
        accountId={accountId}
        stay
      />
    </>
  );
}
