// The import wizard's reads and writes (shapes from the server's route schemas, types only).
import { useQuery } from '@tanstack/react-query';
import type { ImportEntity, ImportMapping } from '../../../core/import/mapping.ts';
import { languageOf } from '../../../core/wording.ts';
import type {
  ImportColumnValues,
  ImportEntities,
  ImportFileView,
  ImportJobDetail,
  ImportJobStarted,
  ImportJobView,
  ImportPreview,
  ImportSuggestion,
  SavedImportMapping,
} from '../../../server/features/imports/imports.schemas.ts';
import { api } from '../../lib/api.ts';

export type {
  ImportColumnValues,
  ImportEntities,
  ImportEntity,
  ImportFileView,
  ImportJobDetail,
  ImportJobView,
  ImportMapping,
  ImportPreview,
  SavedImportMapping,
};
export type ImportField = ImportEntities['entities'][number]['fields'][number];
export type Formats = NonNullable<ImportMapping['formats']>;
/** How to read the file: what the user chose over what was detected. */
export type ReadFormats = Pick<Formats, 'encoding' | 'delimiter'>;

export const importKeys = {
  all: ['imports'] as const,
  entities: ['imports', 'entities'] as const,
  file: (id: string, read: ReadFormats) => ['imports', 'file', id, read] as const,
  mappings: (entity: ImportEntity) => ['imports', 'mappings', entity] as const,
  values: (body: object) => ['imports', 'values', body] as const,
  preview: (body: object) => ['imports', 'preview', body] as const,
  job: (id: string) => ['imports', 'job', id] as const,
  jobs: ['imports', 'jobs'] as const,
};

/** The fields of every entity and the formats a mapping may name (they do not change while the app runs). */
export function useImportEntities() {
  return useQuery({
    queryKey: importKeys.entities,
    queryFn: ({ signal }) => api.get<ImportEntities>('/imports/entities', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** How an uploaded file reads, with the encoding and delimiter chosen (auto: detected). */
export function useImportFile(id: string | null, read: ReadFormats) {
  return useQuery({
    queryKey: importKeys.file(id ?? '', read),
    queryFn: ({ signal }) =>
      api.get<ImportFileView>(
        `/import-files/${id}`,
        { encoding: read.encoding ?? 'auto', delimiter: read.delimiter ?? 'auto' },
        signal,
      ),
    enabled: !!id,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const uploadImportFile = (file: File) =>
  api.upload<ImportFileView>('/import-files', file, { name: file.name });

export const suggestMapping = (fileId: string, entity: ImportEntity) =>
  api.post<ImportSuggestion>('/imports/suggest', { fileId, entity });

export function useSavedMappings(entity: ImportEntity) {
  return useQuery({
    queryKey: importKeys.mappings(entity),
    queryFn: ({ signal }) => api.get<{ items: SavedImportMapping[] }>('/import-mappings', { entity }, signal),
    select: (d) => d.items,
  });
}

export const saveMapping = (body: { name: string; entity: ImportEntity; mapping: ImportMapping }) =>
  api.post<SavedImportMapping>('/import-mappings', body);

export const deleteMapping = (id: string) => api.delete(`/import-mappings/${encodeURIComponent(id)}`);

/** The different values of the columns mapped to enum fields (only those columns and formats matter). */
export function useColumnValues(
  fileId: string,
  entity: ImportEntity,
  mapping: ImportMapping,
  enumKeys: string[],
) {
  const columns: Record<string, string> = {};
  for (const k of enumKeys) {
    const c = mapping.columns[k];
    if (c !== undefined) columns[k] = c;
  }
  const formats: Formats = {};
  if (mapping.formats?.encoding) formats.encoding = mapping.formats.encoding;
  if (mapping.formats?.delimiter) formats.delimiter = mapping.formats.delimiter;
  const body = { fileId, entity, mapping: { columns, formats } };
  return useQuery({
    queryKey: importKeys.values(body),
    queryFn: () => api.post<ImportColumnValues>('/imports/values', body),
    enabled: Object.keys(columns).length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type RunBody = {
  fileId: string;
  entity: ImportEntity;
  mapping: ImportMapping;
  createMissing: boolean;
};

/** The dry run over the first rows (not cached for long: the organization's records may change). */
export function usePreview(body: RunBody) {
  return useQuery({
    queryKey: importKeys.preview(body),
    queryFn: () => api.post<ImportPreview>('/imports/preview', body),
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
  });
}

export const startImport = (body: RunBody) => api.post<ImportJobStarted>('/import-jobs', body);

/** A job, polled every half second while it runs. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: importKeys.job(id ?? ''),
    queryFn: ({ signal }) => api.get<ImportJobDetail>(`/import-jobs/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
}

export function useImportJobs() {
  return useQuery({
    queryKey: importKeys.jobs,
    queryFn: ({ signal }) => api.get<{ items: ImportJobView[] }>('/import-jobs', { limit: 50 }, signal),
    select: (d) => d.items,
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.state === 'running') ? 2_000 : false),
  });
}

/** The error report (CSV), downloaded by a plain link with the session cookie. */
/** The error report of a job, its problems worded in the interface's language. */
export const errorReportUrl = (jobId: string, language: string) =>
  `/api/v1/import-jobs/${jobId}/errors?lang=${languageOf(language)}`;
