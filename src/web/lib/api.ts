// The API client: JSON over fetch with the session cookie, ETag/If-Match for writes, and problem+json
// errors turned into a typed ProblemError.
import type { Params } from '../../core/wording.ts';

/** A field error: the server's code and parameters (worded in the user's language) and its English message. */
export type FieldError = { path: string; message: string; code?: string; params?: Params };

/** Who changed a record under us (the body of a 412 answer). */
export type ConflictInfo = {
  version: number;
  updatedAt: string;
  updatedBy: { id: string; name: string | null } | null;
};

export type Problem = {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  current?: ConflictInfo;
  /** Milestone gates (a later issue) answer 409 milestone_unmet with the unmet exit criteria. */
  unmet?: { label: string }[];
  [key: string]: unknown;
};

export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
  }
  get isConflict(): boolean {
    return this.status === 412;
  }
}

export const isProblem = (err: unknown): err is ProblemError => err instanceof ProblemError;

type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** Builds `?a=1&b=x,y`, leaving out empty values. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) params.set(k, v.join(','));
    } else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

let onUnauthenticated: (() => void) | undefined;
/** The app registers what to do when the session is gone (back to the sign-in page). */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export type Versioned<T> = { data: T; version: number | undefined };

async function request<T>(
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; file?: Blob; version?: number; signal?: AbortSignal } = {},
): Promise<Versioned<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  // Files go as their bytes, whatever type the browser guessed (Excel's CSVs are often vnd.ms-excel).
  if (opts.file) headers['content-type'] = 'application/octet-stream';
  if (opts.version !== undefined) headers['if-match'] = `"${opts.version}"`;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${queryString(opts.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.file ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ProblemError({ status: 0, code: 'network', detail: (err as Error).message });
  }
  const etag = res.headers.get('etag');
  const version = etag ? Number(etag.replace(/^W\//, '').replaceAll('"', '')) : undefined;
  if (res.status === 204) return { data: undefined as T, version };
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const problem: Problem =
      typeof body === 'object' && body
        ? { status: res.status, code: 'error', ...(body as object) }
        : { status: res.status, code: 'error', detail: String(body).slice(0, 300) };
    if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') onUnauthenticated?.();
    throw new ProblemError(problem);
  }
  return { data: body as T, version: Number.isFinite(version) ? version : undefined };
}

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal) =>
    (await request<T>('GET', path, { query, signal })).data,
  /** GET that also returns the ETag version (for a later If-Match). */
  getVersioned: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }),
  /** POST; `version` goes out as If-Match for actions on a record (e.g. moving a deal). */
  post: async <T>(path: string, body?: unknown, version?: number) =>
    (await request<T>('POST', path, { body, version })).data,
  /** POST a file as its raw bytes (an upload to import), e.g. `?name=` in `query`. */
  upload: async <T>(path: string, file: Blob, query?: Query) =>
    (await request<T>('POST', path, { file, query })).data,
  patch: async <T>(path: string, body: unknown, version?: number) =>
    (await request<T>('PATCH', path, { body, version })).data,
  /** DELETE; `version` goes out as If-Match (records; a few resources, e.g. saved mappings, have none). */
  delete: async (path: string, version?: number) => {
    await request<void>('DELETE', path, { version });
  },
};

/** Follows nextCursor until the list is exhausted (or `max` rows), `limit` rows per call. */
export async function listAll<T>(
  path: string,
  query: Query,
  opts: { max?: number; signal?: AbortSignal } = {},
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null | undefined;
  const max = opts.max ?? 10_000;
  do {
    const page = await api.get<{ items: T[]; nextCursor: string | null }>(
      path,
      { limit: 500, ...query, cursor: cursor ?? undefined },
      opts.signal,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}
