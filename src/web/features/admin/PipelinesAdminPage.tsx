// The funnel model designer: list the models, create one from a template, edit a model's stages and
// their milestones; saving replaces the stages with PATCH and If-Match (a 412 opens the conflict dialog).
// A save that removes stages asks first, naming them; the server refuses removing a stage deals still use
// (409 stage_in_use), and that refusal is shown beside the removed stage it names, with the offer to retire
// it instead. Retiring a saved stage (停用) or restoring it (启用) acts at once, not with the save: it keeps
// the draft and its unsaved edits. The model's name and optional Chinese name are edited and saved with its
// stages.
import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api, type FieldError, isProblem } from '../../lib/api.ts';
import { notifyError, notifySaved } from '../../lib/errors.ts';
import { pipelineName } from '../../lib/pipeline-name.ts';
import { pick } from '../../lib/process.ts';
import { invalidateResource, qk, usePipelines } from '../../lib/queries.ts';
import { SaveCancelled, SaveDiscarded, usePatch } from '../../lib/useRecord.ts';
import { fieldProblemText } from '../../lib/validate.ts';
import { AdminGate } from './AdminGate.tsx';
import { ModelNames } from './ModelNames.tsx';
import {
  canRetireInstead,
  draftProblems,
  type NamesDraft,
  namesBody,
  removedStages,
  restoreStage,
  retireOffer,
  type SavedStage,
  sentTools,
  stageBody,
  stageRemovalRefusals,
  toDraft,
  toNamesDraft,
} from './pipeline-draft.ts';
import { ConfirmRemoval, RemovedStages } from './RemovedStages.tsx';
import { ConfirmRetire } from './RetireStage.tsx';
import { type Retirement, type StageDraft, StageEditor } from './StageEditor.tsx';

type FullPipeline = {
  id: string;
  name: string;
  nameZh: string | null;
  isDefault: boolean;
  version: number;
  stages: SavedStage[];
};

export default function PipelinesAdminPage() {
  return (
    <AdminGate subject="pipelines">
      <Designer />
    </AdminGate>
  );
}

function Designer() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const patch = usePatch();
  const { pipelines } = usePipelines();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id') ?? pipelines.find((p) => p.isDefault)?.id ?? pipelines[0]?.id ?? null;
  const model = useQuery({
    queryKey: ['pipelines', 'item', selectedId],
    queryFn: ({ signal }) => api.get<FullPipeline>(`/pipelines/${selectedId}`, undefined, signal),
    enabled: !!selectedId,
  });
  const [draft, setDraft] = useState<StageDraft[] | null>(null);
  const [names, setNames] = useState<NamesDraft | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The server's refusals of removing stages, by stage id. */
  const [refusals, setRefusals] = useState<Record<string, FieldError>>({});
  /** The stages a save about to be confirmed removes. */
  const [confirming, setConfirming] = useState<SavedStage[] | null>(null);
  /** The stage whose retirement is being confirmed; the stage a retirement or restore is running for. */
  const [retiring, setRetiring] = useState<SavedStage | null>(null);
  const [retireBusy, setRetireBusy] = useState<string | null>(null);
  /** The server's refusals of retiring stages, worded, by stage id. */
  const [retireErrors, setRetireErrors] = useState<Record<string, string>>({});
  /** Set when the model read changes by a retirement: the draft holds nothing that changed, so it stays. */
  const keepDraft = useRef(false);
  useEffect(() => {
    if (keepDraft.current) {
      keepDraft.current = false;
      return;
    }
    if (model.data) {
      setDraft(model.data.stages.map(toDraft));
      setNames(toNamesDraft(model.data));
    }
    setErrors({});
    setRefusals({});
    setRetireErrors({});
  }, [model.data]);
  const namesDirty =
    !!model.data && !!names && JSON.stringify(names) !== JSON.stringify(toNamesDraft(model.data));
  const dirty =
    namesDirty ||
    (!!model.data && !!draft && JSON.stringify(draft) !== JSON.stringify(model.data.stages.map(toDraft)));
  const removed = model.data && draft ? removedStages(model.data.stages, draft) : [];
  /** Checks the draft, then asks before a save that removes stages. */
  const requestSave = () => {
    if (!draft) return;
    const problems = Object.entries({
      ...(names && !names.name.trim() ? { name: { code: 'required' as const } } : {}),
      ...draftProblems(draft),
    });
    if (problems.length) {
      setErrors(Object.fromEntries(problems.map(([path, e]) => [path, fieldProblemText(e)])));
      notifications.show({ color: 'red', title: t('errors.title'), message: t('designer.fixFields') });
      return;
    }
    if (removed.length) setConfirming(removed);
    else void save();
  };
  const save = async () => {
    setConfirming(null);
    if (!model.data || !draft) return;
    setBusy(true);
    try {
      await patch('pipelines', model.data.id, model.data.version, {
        ...(namesDirty && names ? namesBody(names) : {}),
        stages: draft.map(stageBody),
      });
      notifySaved(t, t('designer.saved'));
      setErrors({});
      setRefusals({});
      await Promise.all([invalidateResource(qc, 'pipelines'), model.refetch()]);
    } catch (err) {
      const refused = isProblem(err) && err.code === 'stage_in_use' ? stageRemovalRefusals(err.errors) : {};
      if (err instanceof SaveDiscarded) await model.refetch();
      else if (err instanceof SaveCancelled) return;
      else if (Object.keys(refused).length) {
        // Shown beside each removed stage the server names; the notification only points there.
        setRefusals(refused);
        notifications.show({ color: 'red', title: t('errors.title'), message: t('designer.removalRefused') });
      } else {
        // Refusals of a stage's fields are shown under those fields; anything else in a notification.
        const { marked, unmarked } = stageFieldErrors(err, draft);
        setErrors(marked);
        if (unmarked || !Object.keys(marked).length) notifyError(err, t);
        else notifications.show({ color: 'red', title: t('errors.title'), message: t('designer.fixFields') });
      }
    } finally {
      setBusy(false);
    }
  };
  /**
   * Retires a saved stage (or restores it) at once, with the model's version as read. The answer is the
   * model as read after it; only the stage's `retiredAt` and the version changed, neither of which the
   * draft holds, so the draft and its unsaved edits stay (and a save sends the new version). A stage
   * retired instead of removed comes back into the draft where it was.
   */
  const setRetired = async (stage: SavedStage, retired: boolean) => {
    const current = model.data;
    if (!current) return;
    setRetireBusy(stage.id);
    try {
      const row = await api.post<FullPipeline>(
        `/pipelines/${current.id}/stages/${stage.id}/${retired ? 'retire' : 'reactivate'}`,
        undefined,
        current.version,
      );
      setRetiring(null);
      setRetireErrors((e) => without(e, stage.id));
      setRefusals((r) => without(r, stage.id));
      if (retired)
        setDraft((d) =>
          d && !d.some((x) => x.id === stage.id) ? restoreStage(current.stages, d, stage.id) : d,
        );
      if (row.version !== current.version) keepDraft.current = true;
      qc.setQueryData(qk.item('pipelines', current.id), row);
      // Everything else that shows stages (the board, pickers) reads the pipelines again; this model's own
      // read is the answer just cached.
      void invalidateResource(qc, 'pipelines', current.id);
      notifySaved(
        t,
        t(retired ? 'designer.retiredDone' : 'designer.reactivatedDone', {
          stage: pick(i18n.language, stage.nameEn, stage.nameZh),
        }),
      );
    } catch (err) {
      setRetiring(null);
      // Open deals still in it, or the model's last active stage: said under the stage, where the admin
      // asked; in a notification when the stage is not in the draft (asked from the stages to remove).
      const refusal = isProblem(err) ? err.errors.find((e) => e.path === 'stageId') : undefined;
      if (refusal) setRetireErrors((e) => ({ ...e, [stage.id]: fieldProblemText(refusal) }));
      if (!refusal || !draft?.some((s) => s.id === stage.id)) notifyError(err, t);
    } finally {
      setRetireBusy(null);
    }
  };
  const retirementOf = (id: string | undefined): Retirement | undefined => {
    const stage = id ? model.data?.stages.find((x) => x.id === id) : undefined;
    const offer = model.data ? retireOffer(model.data.stages, id) : null;
    if (!stage || !offer) return undefined;
    return {
      offer,
      onRetire: () => setRetiring(stage),
      onReactivate: () => void setRetired(stage, false),
      busy: retireBusy === stage.id,
      error: retireErrors[stage.id],
    };
  };
  const moveStage = (i: number, delta: -1 | 1) =>
    setDraft((d) => {
      if (!d) return d;
      const next = [...d];
      const [s] = next.splice(i, 1);
      next.splice(i + delta, 0, s!);
      return next;
    });
  return (
    <>
      <PageHeader
        title={t('designer.title')}
        subtitle={t('designer.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('designer.fromTemplate')}
          </Button>
        }
      />
      <Stack>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('designer.model')}
            w={320}
            allowDeselect={false}
            value={selectedId}
            data={pipelines.map((p) => ({
              value: p.id,
              label: `${pipelineName(p, i18n.language)} · ${t('designer.stagesCount', { count: p.stages.length })}`,
            }))}
            onChange={(x) => x && setParams({ id: x })}
            data-testid="designer-model"
          />
          {model.data?.isDefault && <Badge variant="light">{t('designer.isDefault')}</Badge>}
          {dirty && (
            <Text size="sm" c="orange">
              {t('designer.unsaved')}
            </Text>
          )}
          <Group ml="auto" gap="xs">
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() => {
                if (model.data) {
                  setDraft(model.data.stages.map(toDraft));
                  setNames(toNamesDraft(model.data));
                }
                setErrors({});
                setRefusals({});
              }}
            >
              {t('designer.reset')}
            </Button>
            <Button disabled={!dirty} loading={busy} onClick={requestSave} data-testid="designer-save">
              {t('designer.save')}
            </Button>
          </Group>
        </Group>
        {names && (
          <ModelNames
            value={names}
            onChange={(next) => {
              setNames(next);
              setErrors(({ name, nameZh, ...rest }) => ({
                ...rest,
                ...(name && next.name === names.name ? { name } : {}),
                ...(nameZh && next.nameZh === names.nameZh ? { nameZh } : {}),
              }));
            }}
            errorAt={(field) => errors[field]}
          />
        )}
        {draft?.map((s, i) => (
          <StageEditor
            key={s.id ?? `new-${i.toString()}`}
            stage={s}
            index={i}
            count={draft.length}
            onChange={(x) => {
              setDraft(draft.map((y, j) => (j === i ? x : y)));
              setErrors((e) => withoutChanged(e, `stages.${i}.`, s, x));
            }}
            onMove={(delta) => {
              moveStage(i, delta);
              setErrors({});
            }}
            onRemove={() => {
              setDraft(draft.filter((_, j) => j !== i));
              setErrors({});
            }}
            errorAt={(path) => errors[`stages.${i}.${path}`]}
            retirement={retirementOf(s.id)}
          />
        ))}
        {model.data && draft && (
          <RemovedStages
            stages={removed}
            refusals={refusals}
            onKeep={(id) => {
              setDraft(restoreStage(model.data.stages, draft, id));
              setErrors({});
            }}
            canRetire={(id) => canRetireInstead(model.data.stages, id)}
            onRetire={(id) => setRetiring(model.data.stages.find((s) => s.id === id) ?? null)}
          />
        )}
        {draft && (
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                setDraft([
                  ...draft,
                  {
                    nameEn: t('designer.newStage'),
                    nameZh: '新阶段',
                    probability: 50,
                    buyerStepEn: null,
                    buyerStepZh: null,
                    funnelState: 'in_funnel',
                    expectedDays: 30,
                    guidanceEn: null,
                    guidanceZh: null,
                    tools: [],
                    criteria: [],
                  },
                ])
              }
            >
              {t('designer.addStage')}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmRetire
        stage={retiring}
        busy={!!retiring && retireBusy === retiring.id}
        onCancel={() => setRetiring(null)}
        onConfirm={() => retiring && void setRetired(retiring, true)}
      />
      <ConfirmRemoval
        model={model.data ? pipelineName(model.data, i18n.language) : ''}
        stages={confirming}
        onCancel={() => setConfirming(null)}
        onConfirm={() => void save()}
      />
      <TemplateModal
        opened={creating}
        lang={i18n.language}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          void invalidateResource(qc, 'pipelines');
          setParams({ id });
        }}
      />
    </>
  );
}

/** The entries of a record but one. */
function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** The designer's fields a refusal can be shown under, by their path in the PATCH body. */
const FIELD_PATH =
  /^stages\.(\d+)\.(?:(nameEn|nameZh|buyerStepEn|buyerStepZh|probability|expectedDays|guidanceEn|guidanceZh)|tools\.(\d+)\.(label|labelZh|url)|criteria\.\d+\.(?:labelEn|labelZh))$/;

/**
 * The server's refusals of stage fields (`stages.0.criteria.3.labelEn`), worded for the form and keyed by
 * the draft's paths (a tool's index counts the blank rows the body left out); `unmarked` when some refusal
 * has no field to be shown under.
 */
function stageFieldErrors(err: unknown, draft: StageDraft[]) {
  const marked: Record<string, string> = {};
  if (!isProblem(err)) return { marked, unmarked: true };
  let unmarked = false;
  for (const e of err.errors) {
    if (e.path === 'name' || e.path === 'nameZh') {
      marked[e.path] ??= fieldProblemText(e);
      continue;
    }
    const m = FIELD_PATH.exec(e.path);
    if (!m) {
      unmarked = true;
      continue;
    }
    const [, stage, , tool, toolField] = m;
    const row = tool === undefined ? undefined : sentTools(draft[Number(stage)]!)[Number(tool)];
    const path = row === undefined ? e.path : `stages.${stage}.tools.${row}.${toolField}`;
    marked[path] ??= fieldProblemText(e);
  }
  return { marked, unmarked };
}

/** The value at a dotted path (`criteria.0.labelEn`). */
function valueAt(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** The errors left once a stage changed: an error goes as soon as the user changes the value it is about. */
function withoutChanged(
  errors: Record<string, string>,
  prefix: string,
  before: StageDraft,
  after: StageDraft,
) {
  return Object.fromEntries(
    Object.entries(errors).filter(([path]) => {
      if (!path.startsWith(prefix)) return true;
      const rel = path.slice(prefix.length);
      return JSON.stringify(valueAt(before, rel)) === JSON.stringify(valueAt(after, rel));
    }),
  );
}

function TemplateModal({
  opened,
  lang,
  onClose,
  onCreated,
}: {
  opened: boolean;
  lang: string;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const templates = useQuery({
    queryKey: ['directory', 'process-templates'],
    queryFn: ({ signal }) =>
      api.get<{ items: { key: string; nameEn: string; nameZh: string; stages: number }[] }>(
        '/process-templates',
        undefined,
        signal,
      ),
    enabled: opened,
    staleTime: 300_000,
  });
  const [template, setTemplate] = useState<string | null>('solution-8-step');
  const [name, setName] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async () => {
    if (!template) return;
    setBusy(true);
    try {
      const p = await api.post<{ id: string }>('/pipelines/from-template', {
        template,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(nameZh.trim() ? { nameZh: nameZh.trim() } : {}),
      });
      setName('');
      setNameZh('');
      onCreated(p.id);
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('designer.fromTemplate')} centered>
      <Stack>
        <Select
          label={t('designer.template')}
          allowDeselect={false}
          value={template}
          data={(templates.data?.items ?? []).map((x) => ({
            value: x.key,
            label: `${pick(lang, x.nameEn, x.nameZh)} · ${t('designer.stagesCount', { count: x.stages })}`,
          }))}
          onChange={setTemplate}
        />
        <TextInput
          label={t('designer.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={200}
        />
        <TextInput
          label={t('designer.nameZh')}
          value={nameZh}
          onChange={(e) => setNameZh(e.currentTarget.value)}
          maxLength={200}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void create()}>
            {t('designer.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
