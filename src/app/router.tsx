// The routes of DESIGN.md. The dashboard and the wall are loaded on demand, so `/` paints with
// the small list bundle and recharts is fetched only where charts are drawn. Declarative mode:
// Earshot loads data with react-query, not route loaders, and the data router would add ~17 KB
// gzip to the first paint of every page.
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { TestListPage } from '../features/test-list/test-list-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RouteLoading } from './route-loading.tsx';

const loadTestDashboard = () => import('./routes/test-dashboard.tsx');
const loadWall = () => import('../features/wall/wall-page.tsx');

// The page asked for first starts downloading now, while React starts, not once the router has
// rendered and suspended on it (the same promise then serves React.lazy).
const firstPath = typeof window === 'undefined' ? '' : window.location.pathname;
const testDashboardModule = firstPath.startsWith('/tests/') ? loadTestDashboard() : undefined;
const wallModule = firstPath === '/wall' ? loadWall() : undefined;
// A failed download surfaces where React.lazy awaits it; until then it is not "unhandled".
void testDashboardModule?.catch(() => {});
void wallModule?.catch(() => {});

const TestDashboardPage = lazy(async () => ({
  default: (await (testDashboardModule ?? loadTestDashboard())).TestDashboardPage,
}));
const WallPage = lazy(async () => ({
  default: (await (wallModule ?? loadWall())).WallPage,
}));

function OnDemand({ children }: { children: ReactNode }) {
  return <Suspense fallback={<RouteLoading />}>{children}</Suspense>;
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/wall"
          element={
            <OnDemand>
              <WallPage />
            </OnDemand>
          }
        />
        <Route element={<AppLayout />}>
          <Route index element={<TestListPage />} />
          <Route
            path="tests/:testId"
            element={
              <OnDemand>
                <TestDashboardPage />
              </OnDemand>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
