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
import {
  loadTestDashboard,
  loadWall,
  testDashboardModule,
  wallModule,
} from './first-page-module.ts';

// The page asked for first started downloading before the app was evaluated
// (first-page-module.ts); the same promise serves React.lazy.
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
