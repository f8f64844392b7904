// List state (search, filters, sort, columns) and saved views. The state lives in the URL so a view can
// be linked; saved views and the column choice are kept per user and list in localStorage.

export type ListState = { q: string; sort: string; filters: Record<string, string> };
export type SavedView = ListState & { id: string; name: string; columns?: string[]; builtIn?: boolean };

/** Reads the list state from URL parameters; only known filter keys count. */
export function stateFromParams(
  params: URLSearchParams,
  filterKeys: readonly string[],
  defaultSort: string,
): ListState {
  const filters: Record<string, string> = {};
  for (const k of filterKeys) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  return { q: params.get('q') ?? '', sort: params.get('sort') ?? defaultSort, filters };
}

/** The URL parameters of a list state (defaults left out, so plain URLs stay plain). */
export function paramsFromState(state: ListState, defaultSort: string): URLSearchParams {
  const p = new URLSearchParams();
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.sort && state.sort !== defaultSort) p.set('sort', state.sort);
  for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  return p;
}

/**
 * The API query of a list state. `me` in a filter stands for the signed-in user, so a saved view such as
 * "My open deals" works for whoever uses it.
 */
export function apiQuery(state: ListState, meId: string): Record<string, string> {
  const out: Record<string, string> = { sort: state.sort };
  if (state.q.trim()) out.q = state.q.trim();
  for (const [k, v] of Object.entries(state.filters))
    if (v)
      out[k] = v
        .split(',')
        .map((x) => (x === 'me' ? meId : x))
        .join(',');
  return out;
}

export function sameState(a: ListState, b: ListState): boolean {
  const keys = new Set([...Object.keys(a.filters), ...Object.keys(b.filters)]);
  return (
    a.q.trim() === b.q.trim() &&
    a.sort === b.sort &&
    [...keys].every((k) => (a.filters[k] ?? '') === (b.filters[k] ?? ''))
  );
}

/** Toggles a column header's sort: ascending → descending → ascending. */
export function toggleSort(current: string, key: string): string {
  if (current === key) return `-${key}`;
  return key;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;
const viewsKey = (userId: string, list: string) => `winpath.views.${userId}.${list}`;
const columnsKey = (userId: string, list: string) => `winpath.columns.${userId}.${list}`;

function read<T>(storage: Storage | undefined, key: string, fallback: T): T {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}
function write(storage: Storage | undefined, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or unavailable storage: the view simply is not remembered.
  }
}

const local = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function loadViews(userId: string, list: string, storage = local()): SavedView[] {
  const v = read<SavedView[]>(storage, viewsKey(userId, list), []);
  return Array.isArray(v) ? v.filter((x) => x && typeof x.name === 'string') : [];
}

export function saveView(
  userId: string,
  list: string,
  view: Omit<SavedView, 'id'>,
  storage = local(),
): SavedView[] {
  const views = loadViews(userId, list, storage).filter((v) => v.name !== view.name);
  const next = [
    ...views,
    { ...view, id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` },
  ];
  write(storage, viewsKey(userId, list), next);
  return next;
}

export function deleteView(userId: string, list: string, id: string, storage = local()): SavedView[] {
  const next = loadViews(userId, list, storage).filter((v) => v.id !== id);
  write(storage, viewsKey(userId, list), next);
  return next;
}

export function loadColumns(userId: string, list: string, fallback: string[], storage = local()): string[] {
  const v = read<string[] | null>(storage, columnsKey(userId, list), null);
  return Array.isArray(v) && v.length ? v : fallback;
}

export function saveColumns(userId: string, list: string, columns: string[], storage = local()): void {
  write(storage, columnsKey(userId, list), columns);
}
