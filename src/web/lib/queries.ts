// Query keys and the shared reads every page uses (directory of users and teams, pipelines, names by id).
import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, listAll } from './api.ts';
import { clearSessionHint, hasSessionHint } from './session.ts';
import { viewerTimeZone } from './time-zone.ts';
import type { BoardItem, Me, Pipeline, Team, User } from './types.ts';

export type ResourceName =
  | 'accounts'
  | 'contacts'
  | 'opportunities'
  | 'activities'
  | 'notes'
  | 'products'
  | 'users'
  | 'teams'
  | 'pipelines'
  | 'stakeholders'
  | 'quotas';

export const qk = {
  me: ['me'] as const,
  users: ['directory', 'users'] as const,
  teams: ['directory', 'teams'] as const,
  pipelines: ['directory', 'pipelines'] as const,
  resource: (r: ResourceName) => [r] as const,
  list: (r: ResourceName, query: object) => [r, 'list', query] as const,
  item: (r: ResourceName, id: string) => [r, 'item', id] as const,
  names: (r: ResourceName, ids: readonly string[]) => [r, 'names', ids] as const,
  /** The recycle bin's rows of a resource: under the resource, so a delete or restore refreshes them. */
  bin: (r: ResourceName) => [r, 'bin'] as const,
  history: (id: string) => ['opportunities', 'history', id] as const,
  board: (pipelineId: string) => ['opportunities', 'board', pipelineId] as const,
  home: (userId: string) => ['home', userId] as const,
};

/**
 * After a write, every cached read of that resource (lists, names, items) may be stale, and what they feed.
 * `except`: a record just deleted, whose own queries (the record, its process and health) are left alone:
 * read again, they could only be 404s.
 */
export function invalidateResource(qc: QueryClient, r: ResourceName, except?: string): Promise<void> {
  const predicate = except
    ? (q: { queryKey: readonly unknown[] }) => !q.queryKey.includes(except)
    : undefined;
  const extra =
    r === 'opportunities' || r === 'activities' ? [qc.invalidateQueries({ queryKey: ['home'] })] : [];
  // Activities are evidence for milestones and deal health.
  if (r === 'activities')
    extra.push(
      qc.invalidateQueries({ queryKey: ['opportunities', 'process'], predicate }),
      qc.invalidateQueries({ queryKey: ['opportunities', 'health'], predicate }),
      qc.invalidateQueries({ queryKey: ['opportunities', 'board'] }),
    );
  const dir =
    r === 'users' || r === 'teams' || r === 'pipelines'
      ? [qc.invalidateQueries({ queryKey: ['directory', r] })]
      : [];
  return Promise.all([qc.invalidateQueries({ queryKey: [r], predicate }), ...extra, ...dir]).then(
    () => undefined,
  );
}

export function useMeQuery() {
  return useQuery(meQuery);
}

export function useUsers() {
  const q = useQuery(directoryQueries.users);
  const byId = useMemo(() => new Map((q.data ?? []).map((u) => [u.id, u])), [q.data]);
  return { ...q, users: q.data ?? [], byId };
}

export function useTeams() {
  const q = useQuery(directoryQueries.teams);
  const byId = useMemo(() => new Map((q.data ?? []).map((t) => [t.id, t])), [q.data]);
  return { ...q, teams: q.data ?? [], byId };
}

export function usePipelines() {
  const q = useQuery(directoryQueries.pipelines);
  const stageById = useMemo(() => {
    const m = new Map<string, Pipeline['stages'][number] & { pipelineId: string }>();
    for (const p of q.data ?? []) for (const s of p.stages) m.set(s.id, { ...s, pipelineId: p.id });
    return m;
  }, [q.data]);
  const pipelines = q.data ?? [];
  const defaultPipeline = pipelines.find((p) => p.isDefault) ?? pipelines[0];
  return { ...q, pipelines, stageById, defaultPipeline };
}

/** The users in a team and all its sub-teams. */
export function teamMemberIds(teamId: string, teams: readonly Team[], users: readonly User[]): Set<string> {
  const teamIds = new Set([teamId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of teams)
      if (t.parentId && teamIds.has(t.parentId) && !teamIds.has(t.id)) {
        teamIds.add(t.id);
        grew = true;
      }
  }
  return new Set(users.filter((u) => u.teamId && teamIds.has(u.teamId)).map((u) => u.id));
}

/**
 * Names of records by id (for account names in the contacts list, deal names on activities …), fetched
 * with the `id` filter in chunks of 100.
 */
export function useNames(
  resource: 'accounts' | 'contacts' | 'opportunities',
  ids: readonly (string | null | undefined)[],
) {
  const unique = useMemo(() => [...new Set(ids.filter((x): x is string => !!x))].sort(), [ids]);
  const q = useQuery({
    queryKey: qk.names(resource, unique),
    queryFn: async ({ signal }) => {
      const out = new Map<string, string>();
      for (let i = 0; i < unique.length; i += 100) {
        const chunk = unique.slice(i, i + 100);
        const page = await api.get<{ items: { id: string; name: string }[] }>(
          `/${resource}`,
          { id: chunk, limit: 100 },
          signal,
        );
        for (const r of page.items) out.set(r.id, r.name);
      }
      return out;
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  return q.data ?? new Map<string, string>();
}

export type BoardData = { pipelineId: string; items: BoardItem[]; truncated: boolean };

/** The board of a pipeline, or of the default one (`default`), which needs no pipeline list first. */
export const boardQuery = (pipeline: string) => ({
  queryKey: qk.board(pipeline),
  queryFn: ({ signal }: { signal?: AbortSignal }) =>
    api.get<BoardData>(`/pipelines/${pipeline}/board`, { timeZone: viewerTimeZone() }, signal),
  staleTime: 30_000,
});

export function useBoard(pipeline: string) {
  return useQuery(boardQuery(pipeline));
}

export const meQuery = {
  queryKey: qk.me,
  queryFn: async (): Promise<Me | null> => {
    if (!hasSessionHint()) return null;
    try {
      return await api.get<Me>('/auth/me');
    } catch (err) {
      if ((err as { status?: number }).status === 401) {
        clearSessionHint();
        return null;
      }
      throw err;
    }
  },
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
};

const DIRECTORY_STALE = 5 * 60_000;
type Signal = { signal?: AbortSignal };

/** Small reference lists every page uses, read whole (paged 500 at a time) and kept for minutes. */
export const directoryQueries = {
  users: {
    queryKey: qk.users,
    queryFn: ({ signal }: Signal) => listAll<User>('/users', { sort: 'name' }, { signal }),
    staleTime: DIRECTORY_STALE,
  },
  teams: {
    queryKey: qk.teams,
    queryFn: ({ signal }: Signal) => listAll<Team>('/teams', { sort: 'name' }, { signal }),
    staleTime: DIRECTORY_STALE,
  },
  pipelines: {
    queryKey: qk.pipelines,
    queryFn: ({ signal }: Signal) => listAll<Pipeline>('/pipelines', { sort: 'name' }, { signal }),
    staleTime: DIRECTORY_STALE,
  },
};
