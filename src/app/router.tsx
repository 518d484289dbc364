// The routes of DESIGN.md. The dashboard and the wall are loaded on demand, so `/` paints with
// the small list bundle and recharts is fetched only where charts are drawn.
import { createBrowserRouter } from 'react-router';
import { TestListPage } from '../features/test-list/test-list-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RouteLoading } from './route-loading.tsx';

export const router = createBrowserRouter([
  {
    path: '/wall',
    hydrateFallbackElement: <RouteLoading />,
    lazy: async () => ({
      Component: (await import('../features/wall/wall-page.tsx')).WallPage,
    }),
  },
  {
    element: <AppLayout />,
    hydrateFallbackElement: <RouteLoading />,
    children: [
      { index: true, element: <TestListPage /> },
      {
        path: 'tests/:testId',
        lazy: async () => ({
          Component: (await import('./routes/test-dashboard.tsx')).TestDashboardPage,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
