// Reading one record and saving changes to it with optimistic concurrency: PATCH with If-Match of the
// version we hold; a 412 asks the user (reload or re-apply) instead of overwriting or dropping anything.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useConflictDialog } from '../components/ConflictDialog.tsx';
import { api, isProblem, ProblemError } from './api.ts';
import { invalidateResource, qk, type ResourceName } from './queries.ts';

/** Thrown when the user closed the conflict dialog without choosing: the edit stays open. */
export class SaveCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'SaveCancelled';
  }
}
/** Thrown when the user chose to reload: their change is dropped on purpose. */
export class SaveDiscarded extends Error {
  constructor() {
    super('discarded');
    this.name = 'SaveDiscarded';
  }
}

type Versioned = { id: string; version: number };

export function useRecord<T extends Versioned>(resource: ResourceName, id: string | undefined) {
  return useQuery({
    queryKey: qk.item(resource, id ?? ''),
    queryFn: ({ signal }) => api.get<T>(`/${resource}/${id}`, undefined, signal),
    enabled: !!id,
    retry: (n, err) => !(isProblem(err) && err.status < 500) && n < 2,
  });
}

/** How a pending change reads in the conflict dialog ("Amount: ¥1,200,000"). */
export type Describe = (patch: Record<string, unknown>) => { label: string; value: string }[];

/**
 * PATCH with If-Match; on 412 the conflict dialog decides: re-apply (fetch the new version, send the same
 * change again), reload (SaveDiscarded) or close (SaveCancelled). The fresh record lands in the cache.
 */
export function usePatch() {
  const qc = useQueryClient();
  const ask = useConflictDialog();
  return useCallback(
    async function patch<T extends Versioned>(
      resource: ResourceName,
      id: string,
      version: number | undefined,
      change: Record<string, unknown>,
      describe?: Describe,
      opts: { invalidate?: boolean } = {},
    ): Promise<T> {
      const key = qk.item(resource, id);
      try {
        const row = await api.patch<T>(`/${resource}/${id}`, change, version);
        qc.setQueryData(key, row);
        if (opts.invalidate !== false) void invalidateResource(qc, resource);
        return row;
      } catch (err) {
        if (!(err instanceof ProblemError) || err.status !== 412) throw err;
        const choice = await ask({ current: err.problem.current, changes: describe?.(change) ?? [] });
        if (choice === 'cancel') throw new SaveCancelled();
        const fresh = await api.get<T>(`/${resource}/${id}`);
        qc.setQueryData(key, fresh);
        if (choice === 'reload') {
          void invalidateResource(qc, resource);
          throw new SaveDiscarded();
        }
        return patch<T>(resource, id, fresh.version, change, describe, opts);
      }
    },
    [qc, ask],
  );
}

/** Saves a change to the record cached under its item key, with the version held there. */
export function useRecordSave<T extends Versioned>(resource: ResourceName, id: string, describe: Describe) {
  const qc = useQueryClient();
  const patch = usePatch();
  return useCallback(
    (change: Record<string, unknown>) =>
      patch<T>(resource, id, qc.getQueryData<T>(qk.item(resource, id))?.version, change, describe),
    [qc, patch, resource, id, describe],
  );
}
