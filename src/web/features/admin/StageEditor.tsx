// One stage of a funnel model in the designer: names, buyer step, funnel state, probability, expected
// days, guidance, tools and the milestone's criteria (kind + config); a saved stage can be retired (停用)
// or, retired, restored (启用).
import {
  ActionIcon,
  Autocomplete,
  Badge,
  Button,
  type ComboboxItem,
  Group,
  NumberInput,
  type OptionsFilter,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { builtInToolSlug, toolUrl } from '../../../core/stage-tools.ts';
import { TOOL_TEMPLATES, toolTemplate } from '../../../core/tool-templates.ts';
import {
  BUYING_ROLES,
  CRITERION_KINDS,
  type CriterionKind,
  FUNNEL_STATES,
  type FunnelState,
  pick,
  type Tool,
} from '../../lib/process.ts';
import { ACTIVITY_TYPES } from '../../lib/types.ts';
import { fieldLabel } from '../process/MilestoneChecklist.tsx';
import { type Retirement, RetirementButton } from './RetireStage.tsx';

const WORKSHEET_URLS = TOOL_TEMPLATES.map((w) => toolUrl(w.slug));

const worksheetOf = (url: string) => toolTemplate(builtInToolSlug(url) ?? '');

function worksheetTitle(url: string, lang: string): string {
  const w = worksheetOf(url);
  return w ? pick(lang, w.title.en, w.title.zh) : url;
}

/** Names that are a built-in worksheet's title, not ones an admin typed. */
const WORKSHEET_NAMES = new Set(TOOL_TEMPLATES.flatMap((w) => [w.title.en, w.title.zh]));

/**
 * A tool's names once its link changes to a built-in worksheet: the worksheet's, unless the admin typed
 * names of their own (a name that is some worksheet's title, e.g. of one picked before, is not their own).
 */
function worksheetLabels(url: string, tool: Tool): Partial<Tool> {
  const w = worksheetOf(url);
  if (!w) return {};
  const own = (name: string | null | undefined) => !!name?.trim() && !WORKSHEET_NAMES.has(name);
  return {
    ...(own(tool.label) ? {} : { label: w.title.en }),
    ...(own(tool.labelZh) ? {} : { labelZh: w.title.zh }),
  };
}

/** Worksheet suggestions for what was typed: by address or by either title (招标, tender). */
const filterWorksheets: OptionsFilter = ({ options, search }) => {
  const q = search.trim().toLowerCase();
  return (options as ComboboxItem[]).filter((o) => {
    const w = worksheetOf(o.value);
    return !q || [o.value, w?.title.en ?? '', w?.title.zh ?? ''].some((x) => x.toLowerCase().includes(q));
  });
};

/** The most tools and exit criteria a stage can have (the API's limits). */
const MAX_PER_STAGE = 20;

export type CriterionDraft = {
  id?: string;
  labelEn: string;
  labelZh: string;
  hintEn: string | null;
  hintZh: string | null;
  kind: CriterionKind;
  config: { role?: string; met?: boolean; attitude?: string; activityType?: string; field?: string };
  requiresConfirmation: boolean;
};
export type StageDraft = {
  id?: string;
  nameEn: string;
  nameZh: string;
  probability: number;
  buyerStepEn: string | null;
  buyerStepZh: string | null;
  funnelState: FunnelState;
  expectedDays: number;
  guidanceEn: string | null;
  guidanceZh: string | null;
  tools: Tool[];
  criteria: CriterionDraft[];
};

const DEAL_FIELDS = ['keyNeed', 'expectedCloseDate', 'nextStep', 'competitor', 'amount'];

type Props = {
  stage: StageDraft;
  index: number;
  count: number;
  onChange: (s: StageDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  /** The server's refusal of a field of this stage, by its path within the stage (`criteria.0.labelEn`). */
  errorAt?: ErrorAt;
  /** Retiring or restoring a saved stage (acts at once, not with the save); absent for a new stage. */
  retirement?: Retirement;
};

export type { Retirement } from './RetireStage.tsx';

/** A field's error message by its path, for the fields of one stage or criterion. */
export type ErrorAt = (path: string) => string | undefined;
const noErrors: ErrorAt = () => undefined;

export function StageEditor({
  stage,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  errorAt = noErrors,
  retirement,
}: Props) {
  const { t, i18n } = useTranslation();
  const name = pick(i18n.language, stage.nameEn, stage.nameZh) || '…';
  const retired = retirement?.offer === 'reactivate';
  const set = <K extends keyof StageDraft>(k: K, v: StageDraft[K]) => onChange({ ...stage, [k]: v });
  const setCriterion = (i: number, c: CriterionDraft) =>
    set(
      'criteria',
      stage.criteria.map((x, j) => (j === i ? c : x)),
    );
  const text = (v: string) => (v.trim() ? v : null);
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="stage-editor"
      data-retired={retired || undefined}
      style={retired ? { borderStyle: 'dashed' } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600} c={retired ? 'dimmed' : undefined}>
              {index + 1}. {name}
            </Text>
            {retired && (
              <Badge variant="outline" color="gray" data-testid="stage-retired">
                {t('designer.retired')}
              </Badge>
            )}
          </Group>
          <Group gap={4}>
            {retirement && <RetirementButton retirement={retirement} stage={name} />}
            <ActionIcon
              variant="subtle"
              aria-label={t('designer.moveUp')}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              aria-label={t('designer.moveDown')}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('designer.removeStage')}
              onClick={onRemove}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        {retired && (
          <Text size="sm" c="dimmed">
            {t('designer.retiredHint')}
          </Text>
        )}
        {retirement?.error && (
          <Text size="sm" c="red" role="alert" data-testid="stage-retire-refused">
            {retirement.error}
          </Text>
        )}
        <Group grow align="flex-start">
          <TextInput
            label={t('designer.nameEn')}
            error={errorAt('nameEn')}
            value={stage.nameEn}
            onChange={(e) => set('nameEn', e.currentTarget.value)}
            required
          />
          <TextInput
            label={t('designer.nameZh')}
            error={errorAt('nameZh')}
            value={stage.nameZh}
            onChange={(e) => set('nameZh', e.currentTarget.value)}
            required
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('designer.buyerStepEn')}
            error={errorAt('buyerStepEn')}
            value={stage.buyerStepEn ?? ''}
            onChange={(e) => set('buyerStepEn', text(e.currentTarget.value))}
          />
          <TextInput
            label={t('designer.buyerStepZh')}
            error={errorAt('buyerStepZh')}
            value={stage.buyerStepZh ?? ''}
            onChange={(e) => set('buyerStepZh', text(e.currentTarget.value))}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t('designer.funnelState')}
            value={stage.funnelState}
            allowDeselect={false}
            data={FUNNEL_STATES.map((f) => ({ value: f, label: t(`process.funnel.${f}`) }))}
            onChange={(x) => x && set('funnelState', x as FunnelState)}
          />
          <NumberInput
            label={t('designer.probability')}
            error={errorAt('probability')}
            value={stage.probability}
            min={0}
            max={100}
            suffix="%"
            onChange={(x) => set('probability', Number(x) || 0)}
          />
          <NumberInput
            label={t('designer.expectedDays')}
            error={errorAt('expectedDays')}
            value={stage.expectedDays}
            min={1}
            max={3650}
            onChange={(x) => set('expectedDays', Number(x) || 1)}
          />
        </Group>
        <Group grow align="flex-start">
          <Textarea
            label={t('designer.guidanceEn')}
            error={errorAt('guidanceEn')}
            value={stage.guidanceEn ?? ''}
            autosize
            minRows={1}
            onChange={(e) => set('guidanceEn', text(e.currentTarget.value))}
          />
          <Textarea
            label={t('designer.guidanceZh')}
            error={errorAt('guidanceZh')}
            value={stage.guidanceZh ?? ''}
            autosize
            minRows={1}
            onChange={(e) => set('guidanceZh', text(e.currentTarget.value))}
          />
        </Group>
        <Text size="sm" fw={500}>
          {t('process.tools')}
        </Text>
        {stage.tools.map((tool, i) => {
          const setTool = (patch: Partial<Tool>) =>
            set(
              'tools',
              stage.tools.map((x, j) => (j === i ? { ...x, ...patch } : x)),
            );
          return (
            <Group key={`tool-${i.toString()}`} gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                aria-label={t('designer.toolLabel')}
                placeholder={t('designer.toolLabel')}
                error={errorAt(`tools.${i}.label`)}
                value={tool.label}
                onChange={(e) => setTool({ label: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <TextInput
                aria-label={t('designer.toolLabelZh')}
                placeholder={t('designer.toolLabelZh')}
                error={errorAt(`tools.${i}.labelZh`)}
                value={tool.labelZh ?? ''}
                onChange={(e) => setTool({ labelZh: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <Autocomplete
                aria-label={t('designer.toolUrl')}
                placeholder={t('designer.toolUrl')}
                error={errorAt(`tools.${i}.url`)}
                value={tool.url}
                data={WORKSHEET_URLS}
                filter={filterWorksheets}
                renderOption={({ option }) => (
                  <Text size="sm">
                    {worksheetTitle(option.value, i18n.language)}{' '}
                    <Text span size="xs" c="dimmed">
                      {option.value}
                    </Text>
                  </Text>
                )}
                // Picking a built-in worksheet names the tool after it where no name was typed yet.
                onChange={(url) => setTool({ url, ...worksheetLabels(url, tool) })}
                style={{ flex: 1.4 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                aria-label={t('common.delete')}
                onClick={() =>
                  set(
                    'tools',
                    stage.tools.filter((_, j) => j !== i),
                  )
                }
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          );
        })}
        <Group>
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconPlus size={12} />}
            disabled={stage.tools.length >= MAX_PER_STAGE}
            onClick={() => set('tools', [...stage.tools, { label: '', url: '' }])}
          >
            {t('designer.addTool')}
          </Button>
        </Group>
        <Text size="sm" fw={500}>
          {t('process.milestone')}
        </Text>
        {stage.criteria.map((c, i) => (
          <CriterionEditor
            key={c.id ?? `new-${i.toString()}`}
            c={c}
            errorAt={(path) => errorAt(`criteria.${i}.${path}`)}
            onChange={(x) => setCriterion(i, x)}
            onRemove={() =>
              set(
                'criteria',
                stage.criteria.filter((_, j) => j !== i),
              )
            }
          />
        ))}
        <Group>
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconPlus size={12} />}
            disabled={stage.criteria.length >= MAX_PER_STAGE}
            onClick={() =>
              set('criteria', [
                ...stage.criteria,
                {
                  labelEn: '',
                  labelZh: '',
                  hintEn: null,
                  hintZh: null,
                  kind: 'checkbox',
                  config: {},
                  requiresConfirmation: false,
                },
              ])
            }
          >
            {t('designer.addCriterion')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CriterionEditor({
  c,
  onChange,
  onRemove,
  errorAt,
}: {
  c: CriterionDraft;
  onChange: (c: CriterionDraft) => void;
  onRemove: () => void;
  errorAt: ErrorAt;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof CriterionDraft>(k: K, v: CriterionDraft[K]) => onChange({ ...c, [k]: v });
  const cfg = (patch: CriterionDraft['config']) => set('config', { ...c.config, ...patch });
  return (
    <Paper withBorder p="xs" bg="var(--mantine-color-default-hover)" data-testid="criterion-editor">
      <Stack gap={6}>
        <Group grow align="flex-start" wrap="nowrap">
          <TextInput
            size="xs"
            label={t('designer.labelEn')}
            error={errorAt('labelEn')}
            value={c.labelEn}
            onChange={(e) => set('labelEn', e.currentTarget.value)}
            required
          />
          <TextInput
            size="xs"
            label={t('designer.labelZh')}
            error={errorAt('labelZh')}
            value={c.labelZh}
            onChange={(e) => set('labelZh', e.currentTarget.value)}
            required
          />
          <Select
            size="xs"
            label={t('designer.kind')}
            value={c.kind}
            allowDeselect={false}
            data={CRITERION_KINDS.map((k) => ({ value: k, label: t(`process.kind.${k}`) }))}
            onChange={(x) => x && onChange({ ...c, kind: x as CriterionKind, config: {} })}
          />
        </Group>
        <Group gap="xs" align="flex-end">
          {c.kind === 'stakeholder' && (
            <>
              <Select
                size="xs"
                label={t('stakeholders.role')}
                value={c.config.role ?? null}
                data={BUYING_ROLES.map((r) => ({ value: r, label: t(`stakeholders.roles.${r}`) }))}
                onChange={(x) => cfg({ role: x ?? undefined })}
              />
              <Switch
                size="xs"
                label={t('stakeholders.met')}
                checked={!!c.config.met}
                onChange={(e) => cfg({ met: e.currentTarget.checked || undefined })}
              />
            </>
          )}
          {c.kind === 'activity' && (
            <Select
              size="xs"
              label={t('designer.activityType')}
              value={c.config.activityType ?? null}
              data={ACTIVITY_TYPES.map((a) => ({ value: a, label: t(`enums.activityType.${a}`) }))}
              onChange={(x) => cfg({ activityType: x ?? undefined })}
            />
          )}
          {c.kind === 'field' && (
            <Select
              size="xs"
              label={t('designer.field')}
              value={c.config.field ?? null}
              data={DEAL_FIELDS.map((f) => ({ value: f, label: fieldLabel(f, t) }))}
              onChange={(x) => cfg({ field: x ?? undefined })}
            />
          )}
          {(c.kind === 'checkbox' || c.kind === 'document') && (
            <Switch
              size="xs"
              label={t('designer.requiresConfirmation')}
              checked={c.requiresConfirmation}
              onChange={(e) => set('requiresConfirmation', e.currentTarget.checked)}
            />
          )}
          <ActionIcon
            variant="subtle"
            color="red"
            ml="auto"
            aria-label={t('designer.removeCriterion')}
            onClick={onRemove}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      </Stack>
    </Paper>
  );
}
