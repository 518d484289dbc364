// The state of the data on screen (DESIGN.md): when it was last updated, "stale" past two test
// intervals, why the last refresh failed, and "Simulated data" in simulator mode. A screen that
// froze must say so.
import { describeApiError } from '../../api/fetch-client.ts';
import type { ResultsProgress } from '../../api/voice-results.ts';
import { useNow } from '../../hooks/use-now.ts';
import { formatClock, formatCount, type TimeZoneChoice } from '../../lib/format.ts';
import { describeAge, isStale } from '../../lib/staleness.ts';
import styles from './data-status.module.css';

export interface DataStatusProps {
  /** Epoch ms of the last successful fetch; 0 when nothing has arrived yet. */
  dataUpdatedAt: number;
  intervalSeconds: number | undefined;
  /** The last refresh's error, if it failed (the data shown is then the last good one). */
  error: unknown;
  isFetching: boolean;
  /** True when the Earshot server answers from its simulator. */
  simulated: boolean;
  timeZone: TimeZoneChoice;
  /** Absolute ranges never refresh: say so instead of ageing. */
  pinned?: boolean;
  /** While fetching: how much of a long window has arrived so far. */
  progress?: ResultsProgress | undefined;
  /** What the data on screen leaves out, e.g. "3 rows without an agent were left out". */
  leftOut?: string | undefined;
  className?: string;
}

export function DataStatus({
  dataUpdatedAt,
  intervalSeconds,
  error,
  isFetching,
  simulated,
  timeZone,
  pinned = false,
  progress,
  leftOut,
  className,
}: DataStatusProps) {
  const now = useNow(1000);
  const stale =
    !pinned && intervalSeconds !== undefined && isStale(dataUpdatedAt, intervalSeconds, now);
  const problem = error ? describeApiError(error) : undefined;
  const classes = [styles.status, stale ? styles.stale : '', className ?? ''].join(' ');

  return (
    <div role="status" className={classes} data-stale={stale ? 'true' : 'false'}>
      {simulated && <span className={styles.simulated}>Simulated data</span>}
      {dataUpdatedAt > 0 ? (
        <span>
          {pinned ? 'Fixed range, loaded' : 'Updated'} {formatClock(dataUpdatedAt, timeZone)}
          <span aria-hidden="true"> ({describeAge(now - dataUpdatedAt)})</span>
        </span>
      ) : (
        <span>{problem ? 'No data yet' : 'Loading…'}</span>
      )}
      {stale && (
        <strong className={styles.staleWord}>
          stale: older than two test intervals ({formatInterval(intervalSeconds)} each)
        </strong>
      )}
      {problem && (
        <span className={styles.problem}>
          {problem.title}. {problem.action}
        </span>
      )}
      {leftOut !== undefined && <span>{leftOut}</span>}
      {isFetching && !problem && dataUpdatedAt > 0 && (
        <span className={styles.fetching}>refreshing…</span>
      )}
      {isFetching && !problem && progress !== undefined && progress.pagesRead > 0 && (
        // Not announced page by page: "Loading…" or "refreshing…" already said it.
        <span className={styles.fetching} aria-hidden="true" data-testid="results-progress">
          {describeProgress(progress)}
        </span>
      )}
    </div>
  );
}

function describeProgress({ pagesRead, rowsRead }: ResultsProgress): string {
  return `${formatCount(pagesRead, 'page', 'pages')}, ${formatCount(rowsRead, 'row', 'rows')} so far`;
}

function formatInterval(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
