// Refresh you can see (Grafana's refresh picker): the page says it refreshes each round and when
// the next one is due, and a person can pause it (`paused=1` in the URL). A fixed range in the
// past has nothing to refresh and says so.
import { useNow } from '../../hooks/use-now.ts';
import { formatClock, formatInterval, type TimeZoneChoice } from '../../lib/format.ts';
import { nextRoundRefreshDelayMs } from '../../../common/time-window.ts';
import styles from './refresh-control.module.css';

export interface RefreshControlProps {
  intervalSeconds: number;
  /** The range ends now (a relative window, or a `from` with no `to`): it has new rounds to get. */
  live: boolean;
  paused: boolean;
  onPausedChange: (paused: boolean) => void;
  timeZone: TimeZoneChoice;
  /** The clock, for tests; default: a shared one-second clock. */
  nowMs?: number;
}

export function RefreshControl({
  intervalSeconds,
  live,
  paused,
  onPausedChange,
  timeZone,
  nowMs,
}: RefreshControlProps) {
  const tick = useNow(1000);
  const now = nowMs ?? tick;
  if (!live) {
    return (
      <div className={styles.refresh} data-testid="refresh">
        <span>Fixed range: nothing new to refresh</span>
      </div>
    );
  }
  const nextAt = now + nextRoundRefreshDelayMs(intervalSeconds, now);
  return (
    <div className={styles.refresh} data-testid="refresh">
      {paused ? (
        <span className={styles.paused}>Refresh paused: the data on screen stays as it is</span>
      ) : (
        <span>
          Refreshes each round (every {formatInterval(intervalSeconds)}) · next at{' '}
          {formatClock(nextAt, timeZone)}
        </span>
      )}
      <button type="button" onClick={() => onPausedChange(!paused)}>
        {paused ? 'Resume refresh' : 'Pause refresh'}
      </button>
    </div>
  );
}
