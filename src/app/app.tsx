import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../api/query-client.ts';
import { startEarlyRequests } from './early-requests.ts';
import { AppRouter } from './router.tsx';

const queryClient = createQueryClient();
// The address as the app started: the early requests read it after awaits, by which time a
// person may have moved on (then they stop before the window's closed intervals).
if (typeof window !== 'undefined') {
  const { pathname, search } = window.location;
  void startEarlyRequests(queryClient, {
    pathname,
    search,
    stillHere: () => window.location.pathname === pathname && window.location.search === search,
  });
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AppRouter />
    </QueryClientProvider>
  );
}
