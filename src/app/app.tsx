import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../api/query-client.ts';
import { startEarlyRequests } from './early-requests.ts';
import { AppRouter } from './router.tsx';

const queryClient = createQueryClient();
if (typeof window !== 'undefined') void startEarlyRequests(queryClient, window.location);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AppRouter />
    </QueryClientProvider>
  );
}
