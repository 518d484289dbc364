// `?debug=1`: the requests a minute this screen needs against the organisation's limit, in a band
// of its own below the panels.
import { useQueryClient } from '@tanstack/react-query';
import { computeRequestBudget, type BudgetTest } from './request-budget.ts';
import type { WakeLockState } from './use-screen-care.ts';

export function WallDebug({
  tests,
  yesterday,
  wakeLock,
  serverBuildId,
}: {
  tests: BudgetTest[];
  /** The "worse than yesterday" mark is on: its closed hour a test an hour. */
  yesterday: boolean;
  wakeLock: WakeLockState;
  serverBuildId: string | undefined;
}) {
  const queryClient = useQueryClient();
  const budget = computeRequestBudget(tests, undefined, { yesterday });
  return (
    <aside className="wall-debug" aria-label="Debug" data-testid="wall-debug">
      <h2>Request budget</h2>
      <p data-testid="wall-budget">
        {budget.requestsPerMinute.toFixed(2)} requests/min of {budget.limitPerMinute} (
        {(budget.share * 100).toFixed(1)} %); worst case with retries{' '}
        {budget.worstCasePerMinute.toFixed(1)}/min; {budget.screensThatFit} screens like this fit
      </p>
      <ul>
        {budget.perTest.map((test) => (
          <li key={test.testId}>
            test {test.testId}: {test.requestsPerMinute.toFixed(2)}/min
          </li>
        ))}
      </ul>
      <p>
        queries cached: {queryClient.getQueryCache().getAll().length} · wake lock: {wakeLock} ·
        build {typeof __EARSHOT_BUILD_ID__ === 'string' ? __EARSHOT_BUILD_ID__ : '?'} / server{' '}
        {serverBuildId ?? '?'}
      </p>
    </aside>
  );
}
