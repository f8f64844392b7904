// A record field shown as text that turns into an input in place: Enter or the check saves, Escape
// cancels. Validation runs before sending; the server's message for the field shows under the input.
import { ActionIcon, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../lib/api.ts';
import { errorMessage, notifyError } from '../lib/errors.ts';
import { SaveCancelled, SaveDiscarded } from '../lib/useRecord.ts';
import { fieldProblemText } from '../lib/validate.ts';

export type Option = { value: string; label: string };
export type Editor =
  | { kind: 'text'; type?: 'email' | 'url' | 'tel' }
  | { kind: 'textarea' }
  | { kind: 'number'; min?: number; step?: number }
  | { kind: 'date' }
  | { kind: 'select'; options: Option[]; clearable?: boolean; searchable?: boolean }
  | {
      kind: 'custom';
      render: (p: {
        value: string;
        /** Sets the value and saves at once (selects). */
        onChange: (v: string) => void;
        /** Sets the value only; the check button saves (multi-selects, date-times). */
        setDraft: (v: string) => void;
        error?: string;
        label: string;
      }) => ReactNode;
    };

type Props = {
  label: string;
  /** API field name, to pick the server's error for this field. */
  field: string;
  value: string | number | null | undefined;
  display?: ReactNode;
  editor: Editor;
  readOnly?: boolean;
  validate?: (value: string) => string | null;
  onSave: (value: string) => Promise<unknown>;
  /**
   * What to show under the input for a refusal the user can act on (a possible duplicate, with "Save
   * anyway"), or nothing; `retry` saves the same value another way, as the check button saves.
   */
  refusal?: (p: {
    error: unknown;
    /** The refused value, as typed. */
    value: string;
    retry: (save: () => Promise<unknown>) => void;
    saving: boolean;
  }) => ReactNode;
};

export function InlineField({
  label,
  field,
  value,
  display,
  editor,
  readOnly,
  validate,
  onSave,
  refusal,
}: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // The last refusal and the value it refused: what `refusal` may act on while the draft is that value.
  const [failure, setFailure] = useState<{ error: unknown; value: string }>();

  const start = () => {
    if (readOnly) return;
    setDraft(value === null || value === undefined ? '' : String(value));
    setError(undefined);
    setFailure(undefined);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(undefined);
    setFailure(undefined);
  };
  const commit = async (next = draft) => {
    const problem = validate?.(next) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    if (next === (value === null || value === undefined ? '' : String(value))) {
      setEditing(false);
      return;
    }
    await run(() => onSave(next), next);
  };
  const run = async (save: () => Promise<unknown>, next: string) => {
    setSaving(true);
    try {
      await save();
      setEditing(false);
      setError(undefined);
      setFailure(undefined);
    } catch (err) {
      if (err instanceof SaveCancelled) return;
      if (err instanceof SaveDiscarded) {
        setEditing(false);
        return;
      }
      if (isProblem(err) && (err.status === 400 || err.status === 422 || err.status === 409)) {
        const mine = err.errors.find((e) => e.path === field || e.path.startsWith(`${field}.`));
        setError(mine ? fieldProblemText(mine) : errorMessage(err, t));
        setFailure({ error: err, value: next });
      } else notifyError(err, t);
    } finally {
      setSaving(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') cancel();
    if (e.key === 'Enter' && editor.kind !== 'textarea') {
      e.preventDefault();
      void commit();
    }
  };

  if (!editing)
    return (
      <Stack gap={2} className="wp-field" data-field={field}>
        <Text size="xs" c="dimmed" fw={500}>
          {label}
        </Text>
        <Group gap={4} wrap="nowrap" align="flex-start">
          <Text
            component="div"
            size="sm"
            className={readOnly ? undefined : 'wp-field-value'}
            onClick={start}
            style={{ flex: 1, minWidth: 0, whiteSpace: editor.kind === 'textarea' ? 'pre-wrap' : undefined }}
          >
            {display ?? (value === null || value === undefined || value === '' ? '—' : String(value))}
          </Text>
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={start}
              aria-label={t('common.editField', { field: label })}
              className="wp-field-edit"
            >
              <IconPencil size={14} />
            </ActionIcon>
          )}
        </Group>
      </Stack>
    );

  const common = { label, error, disabled: saving, size: 'sm' as const };
  let input: ReactNode;
  switch (editor.kind) {
    case 'text':
      input = (
        <TextInput
          {...common}
          type={editor.type ?? 'text'}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKey}
          autoFocus
        />
      );
      break;
    case 'textarea':
      input = (
        <Textarea
          {...common}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKey}
          autosize
          minRows={3}
          autoFocus
        />
      );
      break;
    case 'number':
      input = (
        <NumberInput
          {...common}
          value={draft}
          onChange={(v) => setDraft(String(v))}
          onKeyDown={onKey}
          min={editor.min}
          step={editor.step}
          thousandSeparator=","
          decimalScale={2}
          autoFocus
        />
      );
      break;
    case 'date':
      input = (
        <TextInput
          {...common}
          type="date"
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKey}
          autoFocus
        />
      );
      break;
    case 'select':
      input = (
        <Select
          {...common}
          data={editor.options}
          value={draft || null}
          clearable={editor.clearable}
          searchable={editor.searchable}
          onChange={(v) => {
            setDraft(v ?? '');
            void commit(v ?? '');
          }}
          onKeyDown={onKey}
          defaultDropdownOpened
          autoFocus
          allowDeselect={false}
        />
      );
      break;
    case 'custom':
      input = editor.render({
        value: draft,
        onChange: (v) => {
          setDraft(v);
          void commit(v);
        },
        setDraft,
        error,
        label,
      });
      break;
  }
  const current = failure && failure.value === draft ? failure : undefined;
  return (
    <Stack gap={4} data-field={field}>
      {input}
      {current &&
        refusal?.({
          error: current.error,
          value: current.value,
          retry: (save) => void run(save, current.value),
          saving,
        })}
      <Group gap={4} justify="flex-end">
        <ActionIcon variant="default" size="sm" onClick={cancel} aria-label={t('common.cancel')}>
          <IconX size={14} />
        </ActionIcon>
        <ActionIcon size="sm" onClick={() => void commit()} loading={saving} aria-label={t('common.save')}>
          <IconCheck size={14} />
        </ActionIcon>
      </Group>
    </Stack>
  );
}
