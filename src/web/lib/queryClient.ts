import { QueryClient } from '@tanstack/react-query';
import { isProblem } from './api.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (404, 403 …) will not change by asking again.
      retry: (count, err) => !(isProblem(err) && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});
