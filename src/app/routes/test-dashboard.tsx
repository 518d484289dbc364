// `/tests/:testId`: the page's shell. It reads the URL, waits for the server's config and the
// test, says what is wrong when something is, and hands over to test-results.tsx.
import { Link } from 'react-router';
import { useEarshotConfig } from '../../api/earshot-config.ts';
import type { ApiVersion } from '../../../common/earshot-config.ts';
import { useVoiceTest } from '../../api/voice-tests.ts';
import { useTestPageUrlState, type TestPageUrl } from '../../hooks/use-url-state.ts';
import { TestResults } from './test-results.tsx';
import { ApiProblemPanel, ProblemPanel } from './problem-panel.tsx';
import styles from './test-dashboard.module.css';

// What the page asks for first, for the early requests: they load this module (the page's own,
// already on its way as the app starts) rather than a chunk of their own.
export { prefetchTestPage } from './test-page-queries.ts';

export function TestDashboardPage() {
  const params = useTestPageUrlState();
  const config = useEarshotConfig();

  if (params.problems.length > 0 || params.testId === undefined) {
    return (
      <ProblemPanel title="This link has a problem" messages={params.problems}>
        Fix the address, or go back to the <Link to="/">test list</Link>.
      </ProblemPanel>
    );
  }
  if (config.error) return <ApiProblemPanel error={config.error} />;
  if (!config.data) return <DashboardSkeleton />;
  return (
    <TestDashboard
      apiVersion={config.data.apiVersion}
      simulated={config.data.mode === 'simulator'}
      params={{ ...params, testId: params.testId }}
    />
  );
}

function TestDashboard({
  apiVersion,
  simulated,
  params,
}: {
  apiVersion: ApiVersion;
  simulated: boolean;
  params: TestPageUrl & { testId: string };
}) {
  const { testId, aid, range, tz } = params;
  const test = useVoiceTest({ apiVersion, aid, testId });

  if (test.error && !test.data) return <ApiProblemPanel error={test.error} />;
  if (!test.data) return <DashboardSkeleton />;
  return (
    <TestResults
      key={`${testId}|${aid ?? ''}`}
      apiVersion={apiVersion}
      simulated={simulated}
      params={params}
      test={test.data}
      range={range}
      timeZone={tz}
    />
  );
}

function DashboardSkeleton() {
  return (
    <div className={styles.dashboard} aria-busy="true">
      <div className={styles.headerSkeleton} aria-hidden="true" />
      <p>Loading the test…</p>
      <div className={styles.heatmapSkeleton} aria-hidden="true" />
      <div className={styles.heatmapSkeleton} aria-hidden="true" />
    </div>
  );
}
