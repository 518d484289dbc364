// The state of the data on screen (DESIGN.md): when it was last updated, "stale" past two test
// intervals, why the last refresh failed, and "Simulated data" in simulator mode. A screen that
// froze must say so.
import { describeApiError } from '../../api/fetch-client.ts';
import type { WindowCoverage } from '../../api/window-results.ts';
import { useNow } from '../../hooks/use-now.ts';
import { formatClock, formatCount, formatInterval, type TimeZoneChoice } from '../../lib/format.ts';
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
  /** How much of the window is on screen, while older intervals are still arriving. */
  coverage?: WindowCoverage | undefined;
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
  coverage,
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
          stale: older than two test intervals (
          {intervalSeconds === undefined ? '' : formatInterval(intervalSeconds)} each)
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
      {coverage !== undefined && coverage.loadedMs < coverage.windowMs && (
        // Not announced interval by interval: "refreshing…" already said it.
        <span className={styles.fetching} aria-hidden="true" data-testid="results-progress">
          {describeCoverage(coverage)}
        </span>
      )}
    </div>
  );
}

/** "18 of 24 hours loaded" (minutes for a window under two hours). */
export function describeCoverage({ loadedMs, windowMs }: WindowCoverage): string {
  const [unitMs, one, many] =
    windowMs >= 2 * 3_600_000 ? [3_600_000, 'hour', 'hours'] : [60_000, 'minute', 'minutes'];
  const total = Math.max(1, Math.round(windowMs / unitMs));
  // Whole units, but tenths below ten: the first half hour of a week is not "0 of 168".
  const units = loadedMs / unitMs;
  const loaded = Math.min(total, units >= 10 ? Math.floor(units) : Math.floor(units * 10) / 10);
  return `${loaded.toLocaleString('en-US')} of ${formatCount(total, one, many)} loaded`;
}
