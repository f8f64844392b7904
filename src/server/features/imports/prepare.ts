import type pg from 'pg';
import type { RefKind } from '../../../core/import/entities.ts';
import type { ImportEntity } from '../../../core/import/mapping.ts';
import { referenceKey } from '../../../core/import/normalize.ts';
import { problem } from '../../../core/import/problems.ts';
import { type CompiledMapping, type RowError, rowError } from '../../../core/import/validate.ts';
import { uuidv7 } from '../../db/uuidv7.ts';
import { managedTeams, type Query } from './import.repo.ts';
import { DbResolver } from './resolver.ts';
import type { Period, Prepared } from './writers.ts';

/**
 * What a valid row needs beyond validation before it reaches the database: its id, a deal's stage periods,
 * the team a user with a manager joins, and the names later rows of the same file may refer to it by.
 */

export type PrepareContext = {
  resolver: DbResolver;
  /** Each manager's team (teams created for managers are added as rows need them). */
  managedTeams: Map<string, string>;
  createMissing: boolean;
  mapped: ReadonlySet<string>;
  skipDuplicates: boolean;
};

/** The organization's records the file's references may name, and its managers' teams (users). */
export async function loadReferences(
  client: pg.ClientBase,
  q: Query,
  o: {
    orgId: string;
    entity: ImportEntity;
    compiled: CompiledMapping;
    mapped: ReadonlySet<string>;
    createMissing: boolean;
  },
): Promise<{ resolver: DbResolver; managedTeams: Map<string, string> }> {
  const kinds = new Set<RefKind>(o.compiled.fields.flatMap((f) => (f.spec.ref ? [f.spec.ref] : [])));
  if (o.entity === 'users') kinds.add('user');
  if (o.entity === 'teams') kinds.add('team');
  if (o.entity === 'users' && (o.mapped.has('manager') || o.mapped.has('region'))) kinds.add('team');
  const resolver = await DbResolver.load(client, o.orgId, kinds, {
    createMissing: o.createMissing,
    // A re-imported deal may name the retired stage it is in (the validator asks the resolver).
    dealsByExternalId: o.entity === 'opportunities' && o.mapped.has('externalId'),
  });
  return {
    resolver,
    managedTeams: o.entity === 'users' ? await managedTeams(q, o.orgId) : new Map<string, string>(),
  };
}

/** Entity steps between validation and the database: ids, derived periods, teams of managers. */
export function prepare(
  entity: ImportEntity,
  row: number,
  record: Record<string, unknown>,
  p: PrepareContext,
  err: (e: RowError) => void,
): Prepared | null {
  const id = uuidv7();
  const out: Prepared = { row, id, record, nameTarget: null };
  if (entity === 'opportunities') out.periods = periodsOf(record, p.resolver);
  // Rows may name an earlier row of the same file as their parent (a group headquarters, a region).
  if (entity === 'teams') {
    out.nameTarget = p.resolver.lookup('team', record.name as string);
    p.resolver.remember('team', record.name as string, out.nameTarget ?? id);
  }
  if (entity === 'accounts') {
    const name = record.name as string;
    // Stored for the duplicate checks (this one and the accounts feature's), as interactive writes do.
    record.nameKey = referenceKey(name);
    // A row that will be skipped as a duplicate must not become what later rows' parent names mean.
    if (!(p.skipDuplicates && !record.externalId && p.resolver.lookup('account', name)))
      p.resolver.remember('account', name, id);
  }
  if (entity === 'products') out.nameTarget = p.resolver.lookup('product', record.name as string);
  if (entity === 'users') {
    const name = record.name as string;
    out.nameTarget = p.resolver.placeholderUser(name);
    p.resolver.remember('user', name, out.nameTarget ?? id);
    const managerId = record.managerId as string | undefined;
    if (!record.teamId && managerId) {
      let teamId = p.managedTeams.get(managerId);
      if (!teamId && p.createMissing) {
        teamId = uuidv7();
        const regionId = (record.regionId as string | undefined) ?? null;
        p.resolver.queue({
          kind: 'team',
          id: teamId,
          name: `${managerName(p, managerId)} team`,
          parentId: regionId,
          managerId,
        });
        p.managedTeams.set(managerId, teamId);
      }
      if (teamId) record.teamId = teamId;
      else {
        err(rowError('manager', null, '', problem('managerLeadsNoTeam')));
        return null;
      }
    } else if (!record.teamId && record.regionId) record.teamId = record.regionId;
  }
  return out;
}

function managerName(p: PrepareContext, managerId: string): string {
  return p.resolver.nameOf(managerId) ?? 'Manager';
}

/**
 * The stage periods a deal's dates imply: created → (stage entered) → closed. With a stage-entered date,
 * the time before it is one period in the pipeline's first stage (the file does not say which stages the
 * deal passed through on the way); without one, the deal was in its stage from creation. A closed deal's
 * last period ends on its close date.
 */
function periodsOf(record: Record<string, unknown>, resolver: DbResolver): Period[] {
  const stageId = record.stageId as string;
  const created = record.createdAt as string;
  // Where a new deal starts: the first stage it may be in (a retired stage takes no new stays).
  const stages = resolver.stagesOf(record.pipelineId as string);
  const first = (stages.find((s) => !s.retired) ?? stages[0])?.id ?? stageId;
  const entered = record.stageEnteredAt as string | undefined;
  const closedAt = record.closedAt as string | null;
  const end = (from: string) => {
    if (!closedAt) return null;
    const at = `${closedAt}T00:00:00.000Z`;
    return at < from ? from : at;
  };
  if (entered && entered > created && stageId !== first)
    return [
      { stageId: first, enteredAt: created, leftAt: entered, fromStageId: null },
      { stageId, enteredAt: entered, leftAt: end(entered), fromStageId: first },
    ];
  return [{ stageId, enteredAt: created, leftAt: end(created), fromStageId: null }];
}
