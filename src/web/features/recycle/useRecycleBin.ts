// Reading the recycle bin (each kind's `?deleted=true` list, whole) and restoring a deletion from it.
import { type UseQueryResult, useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { CASCADES_TO } from '../../../core/recycle.ts';
import { api, listAll } from '../../lib/api.ts';
import { invalidateResource, qk } from '../../lib/queries.ts';
import {
  type BinEntry,
  type BinKind,
  type BinRow,
  groupByDeletion,
  restoreBody,
  toBinRecord,
} from './bin.ts';

/**
 * Rows read per kind. The bin holds 30 days of deletions, and the lists cannot be sorted by deletion
 * time, so each is read whole up to this many (an import undone by hand could exceed it: then the page
 * says it shows only part).
 */
export const BIN_MAX = 2000;

/**
 * `kinds` must keep its identity between renders (the combined result is then recomputed only on new data).
 * `lang` names records that have a name per language (funnel models).
 */
export function useBinEntries(kinds: readonly BinKind[], lang: string) {
  const combine = useCallback(
    (results: UseQueryResult<BinRow[BinKind][]>[]) => {
      const records = results.flatMap((r, i) =>
        (r.data ?? []).map((row) => toBinRecord(kinds[i]!, row, lang)),
      );
      return {
        isPending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
        truncated: results.some((r) => (r.data?.length ?? 0) >= BIN_MAX),
        entries: groupByDeletion(records),
      };
    },
    [kinds, lang],
  );
  return useQueries({
    queries: kinds.map((kind) => ({
      queryKey: qk.bin(kind),
      queryFn: ({ signal }: { signal?: AbortSignal }) =>
        listAll<BinRow[BinKind]>(`/${kind}`, { deleted: true }, { max: BIN_MAX, signal }),
    })),
    combine,
  });
}

/**
 * Restores a deletion through the record it started from (the server brings back its whole batch, or
 * nothing of it when it refuses), then refreshes every cached read the batch belongs to: lists, names,
 * items, the bin, and the figures that count deals (home, board, insights). `allowDuplicate` restores an
 * account whose name a live account has taken since.
 */
export function useRestore() {
  const qc = useQueryClient();
  return async (entry: BinEntry, opts: { allowDuplicate?: boolean } = {}): Promise<void> => {
    const kinds = new Set<BinKind>([entry.kind, ...CASCADES_TO[entry.kind]]);
    try {
      await api.post(`/${entry.kind}/${entry.id}/restore`, restoreBody(entry, opts));
    } finally {
      // Also when refused: a 404 means the bin shown is out of date (restored elsewhere, or purged).
      await Promise.all([
        ...[...kinds].map((k) => invalidateResource(qc, k)),
        ...(kinds.has('opportunities') ? [qc.invalidateQueries({ queryKey: ['insights'] })] : []),
      ]);
    }
  };
}
