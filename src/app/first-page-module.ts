// The first page's own module, asked for before the rest of the app's JavaScript is evaluated:
// src/main.tsx imports this module first, so the page's chunk (the dashboard's or the wall's)
// downloads while React and the app start instead of after them. The same promises serve the
// router's lazy pages and the early requests.
export const loadTestDashboard = () => import('./routes/test-dashboard.tsx');
export const loadWall = () => import('../features/wall/wall-page.tsx');

const firstPath = typeof window === 'undefined' ? '' : window.location.pathname;
/** The dashboard's module when the app started on `/tests/…`; undefined elsewhere. */
export const testDashboardModule = firstPath.startsWith('/tests/')
  ? loadTestDashboard()
  : undefined;
/** The wall's module when the app started on `/wall`; undefined elsewhere. */
export const wallModule = firstPath === '/wall' ? loadWall() : undefined;
// A failed download surfaces where React.lazy or the early requests await it; until then it is
// not "unhandled".
void testDashboardModule?.catch(() => {});
void wallModule?.catch(() => {});
