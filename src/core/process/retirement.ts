// Stage retirement (停用): an admin stops using a stage that deals have been in, instead of removing it. A
// retired stage takes no new deals (none is created in it or moved into it) and leaves the board and the
// pickers of new moves, while every deal that was or is in it keeps it: stage history, time in stage and
// the funnel read that history, so they stay true. The server enforces these rules; the web follows them.

/** What the rules need of a stage. */
export type RetirableStage = { id: string; position: number; retiredAt?: string | null };

export const isRetired = (s: { retiredAt?: string | null }): boolean => !!s.retiredAt;

const inOrder = <S extends RetirableStage>(stages: readonly S[]) =>
  [...stages].sort((a, b) => a.position - b.position);

/** The stages deals can enter, in order. */
export function activeStages<S extends RetirableStage>(stages: readonly S[]): S[] {
  return inOrder(stages).filter((s) => !isRetired(s));
}

/** The stage a new deal starts in when none is named: the first active one. */
export function firstActiveStage<S extends RetirableStage>(stages: readonly S[]): S | undefined {
  return activeStages(stages)[0];
}

/**
 * The stages a deal's stage path and stage picker show, in order: the active ones, and the deal's own stage
 * even when it is retired (a deal won there, or reopened there), so the path still shows where it is.
 */
export function stagesForDeal<S extends RetirableStage>(stages: readonly S[], currentStageId: string): S[] {
  return inOrder(stages).filter((s) => !isRetired(s) || s.id === currentStageId);
}

/** The stages a deal may be moved to: the active ones other than its own. */
export function moveTargets<S extends RetirableStage>(stages: readonly S[], currentStageId: string): S[] {
  return activeStages(stages).filter((s) => s.id !== currentStageId);
}

/**
 * The board's columns, in order: every active stage, and a retired one only while open deals sit in it
 * (one reopened there, or restored there from the recycle bin), so they stay in sight until moved on.
 */
export function boardStages<S extends RetirableStage>(
  stages: readonly S[],
  openDealStageIds: Iterable<string>,
): S[] {
  const held = new Set(openDealStageIds);
  return inOrder(stages).filter((s) => !isRetired(s) || held.has(s.id));
}

/** Why a stage cannot be retired now. */
export type RetireRefusal = { code: 'last_active_stage' } | { code: 'stage_has_open_deals'; open: number };

/**
 * Why the stage `stageId` of `stages` (a pipeline's) cannot be retired while `openDeals` open deals sit in
 * it, or null when it can (also when it already is: retiring is idempotent). The last active stage never
 * can, whatever is in it: a pipeline keeps a stage new deals start in. Open deals must be moved first, so
 * retiring never strands a deal in a stage it cannot leave from the board.
 */
export function retireRefusal(
  stages: readonly RetirableStage[],
  stageId: string,
  openDeals: number,
): RetireRefusal | null {
  const stage = stages.find((s) => s.id === stageId);
  if (!stage || isRetired(stage)) return null;
  if (!stages.some((s) => s.id !== stageId && !isRetired(s))) return { code: 'last_active_stage' };
  if (openDeals > 0) return { code: 'stage_has_open_deals', open: openDeals };
  return null;
}
