// The wall's header: the window, the time in UTC and local time, the grading bands, the
// rotation's turn, and what the screen itself needs from a person (wake lock, a new build, full
// screen). Only the clock and the rotation's progress re-render every second.
import { useNow } from '../../hooks/use-now.ts';
import { formatClock, formatDateTime } from '../../lib/format.ts';
import type { GradeMode } from '../../lib/grade-mode.ts';
import { describeBands, SUSTAINED_MINUTES } from '../../lib/mos-grade.ts';
import { describeWindow, type TimeRange } from '../../../common/time-window.ts';
import { rotationProgress } from './rotation.ts';
import type { WakeLockState } from './use-screen-care.ts';

function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') return describeWindow(range.windowSeconds);
  const from = formatDateTime(range.fromMs, 'utc');
  return range.toMs === undefined
    ? `from ${from} to now`
    : `${from} – ${formatDateTime(range.toMs, 'utc')}`;
}

function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
  } catch {
    return 'local';
  }
}

const WAKE_LOCK_HINT: Record<Exclude<WakeLockState, 'held' | 'pending'>, string> = {
  unavailable:
    'This browser cannot keep the screen awake here (Wake Lock needs https or localhost): set the display never to sleep.',
  refused: 'The browser refused to keep the screen awake: set the display never to sleep.',
};

export interface WallHeaderProps {
  range: TimeRange;
  grade: GradeMode;
  simulated: boolean;
  /** The rotation's turn, when the wall rotates. */
  rotation: { current: number; count: number; rotateSeconds: number } | undefined;
  wakeLock: WakeLockState;
  reloadPending: boolean;
  fullscreen: { supported: boolean; active: boolean; enter: () => void };
  idle: boolean;
}

export function WallHeader({
  range,
  grade,
  simulated,
  rotation,
  wakeLock,
  reloadPending,
  fullscreen,
  idle,
}: WallHeaderProps) {
  return (
    <header className="wall-header">
      <h1 className="wall-title">Earshot</h1>
      <span className="wall-window" data-testid="wall-window">
        {describeRange(range)}
      </span>
      <WallClock />
      <span className="wall-bands" data-testid="wall-bands">
        Graded by each agent&apos;s worst {SUSTAINED_MINUTES} min · {describeBands(grade)}
      </span>
      {simulated && <span className="wall-simulated">Simulated data</span>}
      {rotation && <WallRotation {...rotation} />}
      {(wakeLock === 'unavailable' || wakeLock === 'refused') && (
        <span className="wall-hint" data-testid="wake-lock-hint">
          {WAKE_LOCK_HINT[wakeLock]}
        </span>
      )}
      {reloadPending && (
        <span className="wall-hint">A new version of Earshot is deployed: reloading…</span>
      )}
      {fullscreen.supported && !fullscreen.active && !idle && (
        <button type="button" className="wall-fullscreen" onClick={fullscreen.enter}>
          Full screen
        </button>
      )}
    </header>
  );
}

/**
 * The local clock beside the UTC one, or nothing where local time reads the same as UTC (a wall
 * in UTC, or in London in winter): "23:21:01 UTC 23:21:01 UTC UTC" said one thing three times.
 */
export function localClockText(utcText: string, localText: string, zoneName: string) {
  const digits = (text: string) => text.split(' ')[0];
  return digits(utcText) === digits(localText) ? undefined : `${localText} ${zoneName}`;
}

/** The time in UTC and local time: the one part of the header that changes every second. */
function WallClock() {
  const now = useNow(1000);
  const utc = formatClock(now, 'utc');
  const local = localClockText(utc, formatClock(now, 'local'), localZoneName());
  return (
    <span className="wall-clock" data-testid="wall-clock">
      <time>{utc}</time>
      {local && <time className="wall-clock-local">{local}</time>}
    </span>
  );
}

/** Which test of how many the rotation shows, and the time left in its turn (every second). */
function WallRotation({
  current,
  count,
  rotateSeconds,
}: {
  current: number;
  count: number;
  rotateSeconds: number;
}) {
  const progress = rotationProgress(useNow(1000), rotateSeconds);
  return (
    <span className="wall-rotation">
      <span>
        {current + 1} / {count}
      </span>
      <span
        className="wall-progress"
        role="progressbar"
        aria-label="Time until the next test"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <span className="wall-progress-bar" style={{ width: `${progress * 100}%` }} />
      </span>
    </span>
  );
}
