// One test on the wall: its headline state (graded by the worst sustained stretch) and since when,
// whether that is worse than at the same time yesterday, name, codec, and the state of its data
// (stale and why, in one message); below them its body (wall-panel-body.tsx).
import { memo, useId, useMemo } from 'react';
import { describeApiError } from '../../api/fetch-client.ts';
import type { VoiceTest } from '../../lib/model.ts';
import type { WindowCoverage } from '../../api/window-results.ts';
import { useClockValue } from '../../hooks/use-now.ts';
import { formatClock, formatInterval, type TimeZoneChoice } from '../../lib/format.ts';
import { HEALTH_COLOURS } from '../../lib/health-colours.ts';
import type { Health } from '../../lib/palettes.ts';
import { isStale } from '../../lib/staleness.ts';
import { DataStatus } from '../data-status/data-status.tsx';
import type { WallTestData } from './wall-data.ts';
import { layoutBelowHeader, type WallLayout } from './wall-layout.ts';
import { WallPanelBody } from './wall-panel-body.tsx';
import { describeTrouble, type WallTestSummary } from './wall-summary.ts';
import { describeYesterdayMark, type YesterdayComparison } from './yesterday-mark.ts';
import './wall-panel.css';

export interface WallPanelProps {
  test: VoiceTest;
  data: WallTestData | undefined;
  /** The test graded in the wall's mode (grade=…); undefined before the first data. */
  summary: WallTestSummary | undefined;
  /**
   * Yesterday's grade over the same window, only when today's is worse (a string, so the memoised
   * panel keeps its props); undefined when not worse or not known.
   */
  worseThanYesterday?: Health | undefined;
  /** How today's grade compares with yesterday's (the panel's data-yesterday, for tests). */
  yesterday?: YesterdayComparison['kind'];
  /** Epoch ms of the last successful fetch; 0 before the first. */
  dataUpdatedAt: number;
  /** The last refresh's error, or the reason the refresh now retrying failed. */
  error: unknown;
  isFetching: boolean;
  layout: WallLayout;
  timeZone: TimeZoneChoice;
  pinned: boolean;
  /** How much of the window is on screen while older intervals arrive. */
  coverage?: WindowCoverage | undefined;
}

function staleCause(error: unknown): string {
  if (!error) return 'no new data';
  return describeApiError(error).title;
}

/**
 * Memoised: re-rendered when its data moves, not when the page is (a rotation turn); the clock only
 * when it turns stale or the trouble's age in minutes changes. Its status line keeps its own clock.
 */
export const WallPanel = memo(function WallPanel({
  test,
  data,
  summary,
  worseThanYesterday,
  yesterday = 'unknown',
  dataUpdatedAt,
  error,
  isFetching,
  layout,
  timeZone,
  pinned,
  coverage,
}: WallPanelProps) {
  const titleId = useId();
  const stale = useClockValue(
    1000,
    (nowMs) => !pinned && isStale(dataUpdatedAt, test.intervalSeconds, nowMs),
  );
  const trouble = summary?.trouble;
  const troubleText = useClockValue(1000, (nowMs) =>
    trouble ? describeTrouble(trouble, timeZone, nowMs) : '',
  );
  const health = summary?.health;
  const ceiling = data?.rounds.reduce<number | undefined>(
    (max, round) =>
      round.codecMaxMos !== undefined && (max === undefined || round.codecMaxMos > max)
        ? round.codecMaxMos
        : max,
    undefined,
  );
  const size = layout.size;
  const marked = health !== undefined && worseThanYesterday !== undefined;
  const bodyLayout = useMemo(() => layoutBelowHeader(layout, marked ? 1 : 0), [layout, marked]);

  return (
    <article
      className={`wall-panel wall-panel--${size}${stale ? ' wall-panel--stale' : ''}`}
      aria-labelledby={titleId}
      data-testid="wall-panel"
      data-test-id={test.testId}
      data-last-round={data?.lastRoundId ?? ''}
      data-yesterday={yesterday}
    >
      <header className="wall-panel-head">
        {summary && (
          <span
            className={`wall-health wall-health--${health ?? 'unknown'}`}
            style={health ? { borderColor: HEALTH_COLOURS.dark[health] } : undefined}
            data-testid="wall-health"
          >
            <span className="wall-health-word">{health ?? 'no MOS'}</span>
            {trouble && (
              <span className="wall-since" data-testid="wall-since">
                {troubleText}
              </span>
            )}
          </span>
        )}
        {health && worseThanYesterday && (
          <YesterdayMark yesterday={worseThanYesterday} today={health} />
        )}
        <h2 id={titleId} className="wall-panel-title">
          {test.testName}
        </h2>
        <span className="wall-codec">
          {test.codec}
          {ceiling !== undefined ? ` · max MOS ${ceiling.toFixed(2)}` : ''} · every{' '}
          {formatInterval(test.intervalSeconds)}
        </span>
      </header>
      <div className="wall-panel-state">
        {stale ? (
          // One message for a stale panel: the cause and the age of what is shown. The status
          // beside it says the same to a screen reader (hidden from view, not from it).
          <strong className="wall-stale-badge" aria-hidden="true" data-testid="wall-stale">
            STALE · {staleCause(error)} · data from {formatClock(dataUpdatedAt, timeZone)}
          </strong>
        ) : null}
        <DataStatus
          dataUpdatedAt={dataUpdatedAt}
          intervalSeconds={test.intervalSeconds}
          error={error}
          isFetching={isFetching}
          // The wall's header says "Simulated data" once for every panel.
          simulated={false}
          timeZone={timeZone}
          pinned={pinned}
          coverage={coverage}
          className={stale ? 'wall-status wall-visually-hidden' : 'wall-status'}
        />
      </div>
      {data && summary ? (
        <WallPanelBody data={data} summary={summary} layout={bodyLayout} timeZone={timeZone} />
      ) : (
        <p className="wall-waiting">
          {error ? 'No data yet: see above.' : 'Waiting for the first results…'}
        </p>
      )}
    </article>
  );
});

/** "worse than yesterday: fair → poor", each grade in its colour, beside the headline grade. */
function YesterdayMark({ yesterday, today }: { yesterday: Health; today: Health }) {
  const mark = describeYesterdayMark({ kind: 'worse', yesterday, today });
  if (!mark) return null;
  return (
    <span
      className="wall-yesterday"
      role="img"
      aria-label={mark.label}
      data-testid="wall-yesterday"
    >
      worse than yesterday: <span className={`wall-word--${yesterday}`}>{yesterday}</span> →{' '}
      <span className={`wall-word--${today}`}>{today}</span>
    </span>
  );
}
