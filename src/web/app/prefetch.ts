// Work that can start before React renders: the current page's chunk, and — for a signed-in browser —
// who the user is, the directory, and the board's deals, all in parallel instead of one after another.
import type { QueryClient } from '@tanstack/react-query';
import { boardQuery, directoryQueries, meQuery } from '../lib/queries.ts';
import { hasSessionHint } from '../lib/session.ts';
import { preloadRoute } from './routes.tsx';

export function prefetchStartup(qc: QueryClient, location: Location): void {
  preloadRoute(location.pathname);
  if (!hasSessionHint() || location.pathname.startsWith('/login')) return;
  void qc.prefetchQuery(meQuery);
  void qc.prefetchQuery(directoryQueries.users);
  void qc.prefetchQuery(directoryQueries.pipelines);
  if (location.pathname === '/board' || location.pathname.startsWith('/board/')) {
    void qc.prefetchQuery(directoryQueries.teams);
    const pipeline = new URLSearchParams(location.search).get('pipeline');
    void qc.prefetchQuery(boardQuery(pipeline && /^[0-9a-f-]{36}$/i.test(pipeline) ? pipeline : 'default'));
  }
}
