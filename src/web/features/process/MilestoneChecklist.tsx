// One stage's milestone: each exit criterion with its met state and who completed / confirmed it. Checkbox
// and document criteria are completed (note / link), cleared, or confirmed (by an admin or a manager over
// the deal owner: the rule of core/process/confirmation.ts); automatic ones (stakeholder / activity /
// field) say what satisfies them and offer a shortcut.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import i18n, { type TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { notifyError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import {
  type ProcessCriterion,
  type ProcessStage,
  type ProcessView,
  pick,
  processKeys,
  useRefreshProcess,
} from '../../lib/process.ts';
import { fieldProblemText } from '../../lib/validate.ts';

export type Shortcut =
  | { kind: 'stakeholder'; role?: string }
  | { kind: 'activity'; type: string }
  | { kind: 'field'; field: string };

type Props = {
  dealId: string;
  stage: ProcessStage;
  canWrite: boolean;
  /** Whether the user may confirm what `completedBy` completed (the confirmation rule, core). */
  canConfirm: (completedBy: string) => boolean;
  onShortcut: (s: Shortcut) => void;
};

export function MilestoneChecklist({ dealId, stage, canWrite, canConfirm, onShortcut }: Props) {
  const { t } = useTranslation();
  const [completing, setCompleting] = useState<ProcessCriterion | null>(null);
  const act = useCriterionAction(dealId);
  if (!stage.criteria.length)
    return (
      <Text size="sm" c="dimmed">
        {t('process.noCriteria')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="milestone-checklist">
      {stage.criteria.map((c) => (
        <CriterionRow
          key={c.id}
          c={c}
          canWrite={canWrite}
          canConfirm={!!c.completion && canConfirm(c.completion.by?.id ?? '')}
          onComplete={() => setCompleting(c)}
          onAction={(action) => void act(c.id, { action })}
          onShortcut={onShortcut}
        />
      ))}
      <CompleteModal
        criterion={completing}
        onClose={() => setCompleting(null)}
        onSubmit={async (body) => {
          if (completing && (await act(completing.id, { action: 'complete', ...body }))) setCompleting(null);
        }}
      />
    </Stack>
  );
}

function useCriterionAction(dealId: string) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const refresh = useRefreshProcess();
  return async (criterionId: string, body: { action: string; note?: string; link?: string }) => {
    try {
      const view = await api.post<ProcessView>(`/opportunities/${dealId}/criteria/${criterionId}`, body);
      qc.setQueryData(processKeys.process(dealId), view);
      void refresh(dealId);
      return true;
    } catch (err) {
      notifyError(err, t);
      return false;
    }
  };
}

function CriterionRow({
  c,
  canWrite,
  canConfirm,
  onComplete,
  onAction,
  onShortcut,
}: {
  c: ProcessCriterion;
  canWrite: boolean;
  canConfirm: boolean;
  onComplete: () => void;
  onAction: (a: 'uncomplete' | 'confirm') => void;
  onShortcut: (s: Shortcut) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const manual = c.kind === 'checkbox' || c.kind === 'document';
  const done = c.completion;
  const awaiting = manual && !!done && c.requiresConfirmation && !done.confirmedBy;
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      data-testid="criterion"
      data-met={c.met ? 'true' : 'false'}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', paddingBottom: 8 }}
    >
      <ThemeIcon
        size="sm"
        radius="xl"
        variant={c.met ? 'filled' : 'light'}
        color={c.met ? 'teal' : 'gray'}
        role="img"
        aria-label={c.met ? t('process.met') : t('process.unmet')}
        mt={2}
      >
        {c.met ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6}>
          <Text size="sm" fw={500}>
            {pick(lang, c.labelEn, c.labelZh)}
          </Text>
          <Badge size="xs" variant="light" color="gray">
            {manual ? t(`process.kind.${c.kind}`) : t('process.automatic')}
          </Badge>
        </Group>
        {!c.met && (c.hintEn || c.hintZh) && (
          <Text size="xs" c="dimmed">
            {pick(lang, c.hintEn, c.hintZh)}
          </Text>
        )}
        {!manual && (
          <Text size="xs" c="dimmed">
            {requirement(c, t)}
          </Text>
        )}
        {done && (
          <Text size="xs">
            {t('process.completedBy', { name: done.by?.name ?? '—', date: formatDate(done.at, lang) })}
            {done.note ? ` · ${done.note}` : ''}
          </Text>
        )}
        {done?.link && (
          <Anchor size="xs" href={done.link} target="_blank" rel="noreferrer">
            {done.link}
          </Anchor>
        )}
        {done?.confirmedBy && (
          <Text size="xs">
            {t('process.confirmedBy', {
              name: done.confirmedBy.name,
              date: formatDate(done.confirmedAt ?? done.at, lang),
            })}
          </Text>
        )}
        {awaiting && (
          <Text size="xs" c="orange">
            {t('process.awaitingConfirmation')}
          </Text>
        )}
      </Stack>
      {canWrite && (
        <Group gap={4} wrap="nowrap">
          {manual && !done && (
            <Button size="compact-xs" variant="light" onClick={onComplete}>
              {t('process.complete')}
            </Button>
          )}
          {awaiting && canConfirm && (
            <Button size="compact-xs" color="teal" onClick={() => onAction('confirm')}>
              {t('process.confirm')}
            </Button>
          )}
          {manual && done && (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onAction('uncomplete')}>
              {t('process.clear')}
            </Button>
          )}
          {!manual && !c.met && <ShortcutButton c={c} onShortcut={onShortcut} />}
        </Group>
      )}
    </Group>
  );
}

function requirement(c: ProcessCriterion, t: TFunction): string {
  const cfg = c.config;
  if (c.kind === 'stakeholder') {
    const role = cfg.role ? t(`stakeholders.roles.${cfg.role as 'coach'}`) : t('stakeholders.contact');
    const base = t(cfg.met ? 'process.needsStakeholderMet' : 'process.needsStakeholder', { role });
    return cfg.attitude
      ? `${base} · ${t('process.needsAttitude', { attitude: t(`stakeholders.attitudes.${cfg.attitude}`) })}`
      : base;
  }
  if (c.kind === 'activity')
    return t('process.needsActivity', {
      type: t(`enums.activityType.${(cfg.activityType ?? 'visit') as 'visit'}`),
    });
  return t('process.needsField', { field: fieldLabel(cfg.field ?? '', t) });
}

export function fieldLabel(field: string, t: TFunction): string {
  const key = `fields.${field}`;
  // A key built at run time: typed as `never`, so the compiler does not expand every key of the app's
  // namespace to check it (that expansion is at TypeScript's depth limit, TS2589).
  return i18n.exists(key) ? t(key as never) : field;
}

function ShortcutButton({ c, onShortcut }: { c: ProcessCriterion; onShortcut: (s: Shortcut) => void }) {
  const { t } = useTranslation();
  if (c.kind === 'stakeholder')
    return (
      <Button
        size="compact-xs"
        variant="light"
        onClick={() => onShortcut({ kind: 'stakeholder', role: c.config.role })}
      >
        {t('process.addStakeholder')}
      </Button>
    );
  if (c.kind === 'activity') {
    const type = c.config.activityType ?? 'visit';
    return (
      <Button size="compact-xs" variant="light" onClick={() => onShortcut({ kind: 'activity', type })}>
        {t('process.planActivity', { type: t(`enums.activityType.${type as 'visit'}`) })}
      </Button>
    );
  }
  return (
    <Button
      size="compact-xs"
      variant="light"
      onClick={() => onShortcut({ kind: 'field', field: c.config.field ?? '' })}
    >
      {t('process.editField')}
    </Button>
  );
}

function CompleteModal({
  criterion,
  onClose,
  onSubmit,
}: {
  criterion: ProcessCriterion | null;
  onClose: () => void;
  onSubmit: (body: { note?: string; link?: string }) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState('');
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const isDoc = criterion?.kind === 'document';
  const submit = async () => {
    if (isDoc && !link.trim()) {
      setError(fieldProblemText({ code: 'required' }));
      return;
    }
    setBusy(true);
    await onSubmit({ note: note.trim() || undefined, link: link.trim() || undefined });
    setBusy(false);
    setNote('');
    setLink('');
  };
  return (
    <Modal
      opened={!!criterion}
      onClose={onClose}
      centered
      title={
        criterion
          ? t('process.completeTitle', { label: pick(i18n.language, criterion.labelEn, criterion.labelZh) })
          : ''
      }
    >
      <Stack>
        {isDoc && (
          <TextInput
            label={t('process.link')}
            value={link}
            onChange={(e) => {
              setLink(e.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            required
            data-autofocus
          />
        )}
        <Textarea
          label={t('process.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          data-autofocus={!isDoc || undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void submit()}>
            {t('process.complete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
