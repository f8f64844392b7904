// Pure rules of the funnel model designer's draft: what a save sends, what it lacks before it is sent,
// which saved stages an edit removes (each named in the confirmation, and where the server's refusal lands),
// and what it offers to retire or restore.
import type { FieldErrorCode } from '../../../core/field-errors.ts';
import { isRetired, retireRefusal } from '../../../core/process/retirement.ts';
import type { Params } from '../../../core/wording.ts';
import type { StageDraft } from './StageEditor.tsx';

/**
 * A stage as saved (the pipeline's item), the draft's starting point. `retiredAt` is not part of the draft:
 * retiring acts on the saved model at once (POST …/retire), not with a save.
 */
export type SavedStage = StageDraft & { id: string; position: number; retiredAt?: string | null };

/** A saved stage as the designer edits it: only the fields a save sends back, absent optionals as null. */
export function toDraft(s: StageDraft): StageDraft {
  return {
    id: s.id,
    nameEn: s.nameEn,
    nameZh: s.nameZh,
    probability: s.probability,
    buyerStepEn: s.buyerStepEn ?? null,
    buyerStepZh: s.buyerStepZh ?? null,
    funnelState: s.funnelState,
    expectedDays: s.expectedDays,
    guidanceEn: s.guidanceEn ?? null,
    guidanceZh: s.guidanceZh ?? null,
    tools: s.tools ?? [],
    criteria: (s.criteria ?? []).map((c) => ({
      id: c.id,
      labelEn: c.labelEn,
      labelZh: c.labelZh,
      hintEn: c.hintEn ?? null,
      hintZh: c.hintZh ?? null,
      kind: c.kind,
      config: c.config ?? {},
      requiresConfirmation: c.requiresConfirmation,
    })),
  };
}

/** The draft's indexes of the tools a stage's body sends: rows with anything typed in them. */
export const sentTools = (s: StageDraft): number[] =>
  s.tools.flatMap((x, i) => (x.label.trim() || x.labelZh?.trim() || x.url.trim() ? [i] : []));

/**
 * The PATCH body of a stage: blank tool rows left out (a half-filled one is sent, so the server says what it
 * lacks), labels trimmed, undefined config values dropped. A blank English label is sent blank, never filled
 * from the Chinese one: it is required, so it is refused on its field; a blank Chinese label is sent as null
 * and readers show the English one.
 */
export function stageBody(s: StageDraft) {
  return {
    ...s,
    tools: sentTools(s)
      .map((i) => s.tools[i]!)
      .map((x) => ({ ...x, label: x.label.trim(), labelZh: x.labelZh?.trim() || null, url: x.url.trim() })),
    criteria: s.criteria.map((c) => ({ ...c, config: JSON.parse(JSON.stringify(c.config)) as object })),
  };
}

export type DraftProblem = { code: FieldErrorCode; params?: Params };

/**
 * The required fields the draft leaves blank, by their path in the designer (`stages.0.tools.1.label`), as
 * the server would refuse them: checked before saving so the form marks them without a round trip.
 */
export function draftProblems(draft: StageDraft[]): Record<string, DraftProblem> {
  const out: Record<string, DraftProblem> = {};
  const required = (path: string, value: string | null | undefined) => {
    if (!value?.trim()) out[path] = { code: 'required' };
  };
  draft.forEach((s, i) => {
    required(`stages.${i}.nameEn`, s.nameEn);
    required(`stages.${i}.nameZh`, s.nameZh);
    for (const j of sentTools(s)) {
      required(`stages.${i}.tools.${j}.label`, s.tools[j]!.label);
      required(`stages.${i}.tools.${j}.url`, s.tools[j]!.url);
    }
    s.criteria.forEach((c, j) => {
      required(`stages.${i}.criteria.${j}.labelEn`, c.labelEn);
      required(`stages.${i}.criteria.${j}.labelZh`, c.labelZh);
    });
  });
  return out;
}

/** The saved stages the draft no longer has (by id), in their saved order. */
export function removedStages(saved: readonly SavedStage[], draft: readonly StageDraft[]): SavedStage[] {
  const kept = new Set(draft.map((s) => s.id).filter(Boolean));
  return saved.filter((s) => !kept.has(s.id)).sort((a, b) => a.position - b.position);
}

/**
 * The draft with a removed stage put back where it was: after the stages that preceded it when saved and
 * are still in the draft (a stage brought back after an edit lands next to its old neighbours).
 */
export function restoreStage(
  saved: readonly SavedStage[],
  draft: readonly StageDraft[],
  id: string,
): StageDraft[] {
  const stage = saved.find((s) => s.id === id);
  if (!stage || draft.some((s) => s.id === id)) return [...draft];
  const before = new Set(saved.filter((s) => s.position < stage.position).map((s) => s.id));
  let at = 0;
  draft.forEach((s, i) => {
    if (s.id && before.has(s.id)) at = i + 1;
  });
  return [...draft.slice(0, at), toDraft(stage), ...draft.slice(at)];
}

/** The server's refusals of removing stages (409 `stage_in_use`), by the stage they name. */
export function stageRemovalRefusals<E extends { code?: string; params?: Params }>(
  errors: readonly E[],
): Record<string, E> {
  const out: Record<string, E> = {};
  for (const e of errors) {
    const id = e.params?.stageId;
    if ((e.code === 'stage_has_deals' || e.code === 'stage_in_history') && typeof id === 'string')
      out[id] ??= e;
  }
  return out;
}

/**
 * What the designer offers for a stage of the draft: `reactivate` a retired one, `retire` an active one, or
 * `last` for the model's only active stage (it cannot be retired: new deals start in it). Null for a stage
 * not saved yet, which has nothing to retire: it is removed.
 */
export type RetireOffer = 'retire' | 'reactivate' | 'last';

export function retireOffer(saved: readonly SavedStage[], id: string | undefined): RetireOffer | null {
  const stage = id ? saved.find((s) => s.id === id) : undefined;
  if (!stage) return null;
  if (isRetired(stage)) return 'reactivate';
  return retireRefusal(saved, stage.id, 0)?.code === 'last_active_stage' ? 'last' : 'retire';
}

/**
 * Whether a removed stage the server refused to remove (it holds deals, or deals passed through it) can be
 * retired instead: a saved stage that is active and not the model's last active one.
 */
export const canRetireInstead = (saved: readonly SavedStage[], id: string): boolean =>
  retireOffer(saved, id) === 'retire';

/** The model's own names as the designer edits them: the name and the optional Chinese one ('' if none). */
export type NamesDraft = { name: string; nameZh: string };

export const toNamesDraft = (p: { name: string; nameZh?: string | null }): NamesDraft => ({
  name: p.name,
  nameZh: p.nameZh ?? '',
});

/**
 * The PATCH fields of the model's names: trimmed, a blank Chinese name sent as null (readers then show the
 * name); a blank name is sent blank so the server refuses it on its field.
 */
export const namesBody = (n: NamesDraft) => ({ name: n.name.trim(), nameZh: n.nameZh.trim() || null });
