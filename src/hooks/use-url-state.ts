// URL state for every page, over react-router's search params. Reading validates and normalises
// (bad values become `problems`, never requests); writing keeps the other params, writes a value
// only when it is chosen, and pushes history for what a person would want Back to undo.
import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  parseTestPageUrl,
  rangeParamChanges,
  viewParamChanges,
  type DashboardView,
  type ViewChange,
  type TestPageUrlState,
} from '../lib/url-state.ts';
import type { TimeZoneChoice } from '../lib/format.ts';
import type { TimeRange } from '../../common/time-window.ts';
import type { ComparePeriod } from '../lib/period-comparison.ts';
import { useParamWriter } from './use-param-writer.ts';

/** History state marking an entry this page pushed to open the drill-down. */
const ROUND_OPENED_HERE = 'earshotRoundOpenedHere';

function roundOpenedHere(state: unknown): boolean {
  return typeof state === 'object' && state !== null && ROUND_OPENED_HERE in state;
}

export interface TestPageUrl extends TestPageUrlState {
  /** A window change pushes history, so Back returns to the previous window. */
  setRange: (range: TimeRange) => void;
  /** A display preference: replaces the entry rather than filling Back with it. */
  setTimeZone: (tz: TimeZoneChoice) => void;
  /**
   * Opens the drill-down for one agent's round. Opening it pushes history; moving to another round
   * while it is open replaces the entry, so Back always closes it.
   */
  openRound: (agentId: string, roundId: number) => void;
  /**
   * Closes the drill-down, keeping the agent focused. When this page opened it, closing goes back
   * (so a later Back does not reopen it); opened from a link, the entry is replaced.
   */
  closeRound: () => void;
  /** Focuses one agent, or none (pushes history); any open round closes. */
  focusAgent: (agentId: string | undefined) => void;
  /** Turns the comparison with an earlier window on (1d, 1w) or off (pushes history). */
  setCompare: (compare: ComparePeriod | undefined) => void;
  /** Pauses or resumes the refresh: a display choice, so it replaces the entry like `tz`. */
  setPaused: (paused: boolean) => void;
  /**
   * Changes how the page is looked at (metrics, sorts, the agent filter): replaces the entry, as
   * the time zone does, so Back from a later entry returns to the view as it was left. A change
   * that depends on the view before it is a function of the view in the address as it is when
   * written (a render may not show the last change yet).
   */
  setView: (change: ViewChange | ((current: DashboardView) => ViewChange)) => void;
}

export function useTestPageUrlState(): TestPageUrl {
  const { testId } = useParams();
  const [searchParams, write] = useParamWriter();
  const state = useMemo(() => parseTestPageUrl(testId, searchParams), [testId, searchParams]);
  const setRange = useCallback(
    (range: TimeRange) => write(rangeParamChanges(range), true),
    [write],
  );
  const setTimeZone = useCallback((tz: TimeZoneChoice) => write({ tz }, false), [write]);
  const location = useLocation();
  const navigate = useNavigate();
  const openedHere = roundOpenedHere(location.state);
  const roundOpen = state.round !== undefined;
  const openRound = useCallback(
    (agentId: string, roundId: number) =>
      write(
        { agent: agentId, round: String(Math.trunc(roundId)) },
        !roundOpen,
        roundOpen && !openedHere ? undefined : { [ROUND_OPENED_HERE]: true },
      ),
    [write, roundOpen, openedHere],
  );
  const closeRound = useCallback(() => {
    if (openedHere) void navigate(-1);
    else write({ round: undefined }, false);
  }, [write, navigate, openedHere]);
  const focusAgent = useCallback(
    (agentId: string | undefined) => write({ agent: agentId, round: undefined }, true),
    [write],
  );
  const setCompare = useCallback(
    (compare: ComparePeriod | undefined) => write({ compare }, true),
    [write],
  );
  const setPaused = useCallback(
    (paused: boolean) => write({ paused: paused ? '1' : undefined }, false),
    [write],
  );
  const setView = useCallback(
    (change: ViewChange | ((current: DashboardView) => ViewChange)) =>
      write(
        (current) =>
          viewParamChanges(
            typeof change === 'function' ? change(parseTestPageUrl(testId, current).view) : change,
          ),
        false,
      ),
    [write, testId],
  );
  return {
    ...state,
    setRange,
    setTimeZone,
    openRound,
    closeRound,
    focusAgent,
    setCompare,
    setPaused,
    setView,
  };
}
