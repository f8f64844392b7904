import type { Criterion, DealFacts, Stage } from './model.ts';
import { isRetired } from './retirement.ts';

const filled = (v: unknown) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');

/** Whether one exit criterion is met on a deal, from the evidence the system can check. */
export function criterionMet(c: Criterion, facts: DealFacts): boolean {
  switch (c.kind) {
    case 'checkbox':
    case 'document': {
      const done = facts.completions.find((x) => x.criterionId === c.id);
      if (!done) return false;
      if (c.kind === 'document' && !filled(done.link)) return false;
      return !c.requiresConfirmation || done.confirmed;
    }
    case 'stakeholder':
      return facts.stakeholders.some(
        (s) =>
          (!c.config.role || s.role === c.config.role) &&
          (!c.config.met || s.met) &&
          (!c.config.attitude || s.attitude === c.config.attitude),
      );
    case 'activity':
      return c.config.activityType
        ? facts.doneActivityTypes.includes(c.config.activityType)
        : facts.doneActivityTypes.length > 0;
    case 'field':
      return c.config.field ? filled(facts.fields[c.config.field]) : false;
  }
}

export type StageEvaluation = { stageId: string; position: number; met: boolean; unmet: Criterion[] };

export function evaluateStages(stages: readonly Stage[], facts: DealFacts): StageEvaluation[] {
  return [...stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      const unmet = s.criteria.filter((c) => !criterionMet(c, facts));
      return { stageId: s.id, position: s.position, met: unmet.length === 0, unmet };
    });
}

/**
 * The evidenced stage: the furthest stage all of whose earlier stages have their milestones met — where
 * the evidence says the deal really is. Nothing met means the first stage (the seeds' example: a deal
 * claimed at solution design whose decision maker and key need are unknown is really still at step 1).
 * Retired stages are left out: no deal can be moved into one, and their milestones no longer gate.
 */
export function evidencedStage(stages: readonly Stage[], facts: DealFacts): Stage {
  const active = stages.filter((s) => !isRetired(s));
  const sorted = [...(active.length ? active : stages)].sort((a, b) => a.position - b.position);
  const evals = evaluateStages(sorted, facts);
  let i = 0;
  while (i < sorted.length - 1 && evals[i]!.met) i++;
  return sorted[i]!;
}

/**
 * The criteria a forward move from `fromPosition` to `toPosition` leaves unmet: those of the stage being
 * left and of every stage skipped. Empty for backward or same-stage moves. A retired stage's milestone
 * does not gate (its stage is out of the process; a deal reopened in it is let go by it, too).
 */
export function unmetForMove(
  stages: readonly Stage[],
  fromPosition: number,
  toPosition: number,
  facts: DealFacts,
) {
  if (toPosition <= fromPosition) return [];
  return evaluateStages(
    stages.filter((s) => !isRetired(s)),
    facts,
  )
    .filter((e) => e.position >= fromPosition && e.position < toPosition)
    .flatMap((e) => e.unmet.map((c) => ({ stageId: e.stageId, criterion: c })));
}
