// The one internal model of ThousandEyes voice data. Adapters turn v7 and v6 bodies into these
// types; shaping and views only ever see these. See docs/architecture.md.
import type { HeatmapMetric } from './metrics.ts';
import type { RoundResult, SkippedRows } from '../../common/result-rows/round-result.ts';

// A result row is read where the interval is made: in the browser, or by the server for a closed
// interval it sends as columns (common/result-rows/).
export type { RoundResult, SkippedRows };

export interface AccountGroup {
  aid: string;
  name: string;
  isCurrent: boolean;
  isDefault: boolean;
}

export interface VoiceTest {
  testId: string;
  testName: string;
  /** Round interval in seconds (60, 120, 300, 600, 900, 1800 or 3600). */
  intervalSeconds: number;
  enabled: boolean;
  alertsEnabled: boolean;
  codec: string;
  codecId: string;
  /** e.g. "EF (DSCP 46)" */
  dscp: string;
  dscpId: string;
  jitterBufferMs: number | undefined;
  durationSeconds: number | undefined;
  /** Target server as `host:port` (v6 names it so; v7 names a target agent instead). */
  server: string | undefined;
  /** v7: the agent the stream goes to; name it from `/agents` (see targetDescription). */
  targetAgentId: string | undefined;
  /** v7: the port the stream goes to. */
  port?: number | undefined;
}

/** The spec's agent types; `unknown` for anything else upstream sends. */
export const AGENT_TYPES = ['cloud', 'enterprise', 'enterprise-cluster', 'unknown'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

/** A cloud or enterprise agent from `/agents`: what names a target and groups the agents. */
export interface AgentInfo {
  agentId: string;
  agentName: string;
  agentType: AgentType;
  /** online, offline, disabled or unknown; enterprise agents only. */
  agentState: string | undefined;
  /** e.g. "San Jose, CA" */
  location: string | undefined;
  countryId: string | undefined;
  /** The agent's public network, with its ASN. */
  network: string | undefined;
}

/**
 * Where an agent is, by id, when a view has more than the rows say: the dashboard builds it from
 * the rows' `agentLocation` and /agents (agents-table-model's agentPlaces).
 */
export type AgentLocationOf = (agentId: string) => string | undefined;

/** One results fetch: the rows of every page, joined, in time order, with no duplicates. */
export interface VoiceResults {
  test: VoiceTest | undefined;
  rows: RoundResult[];
  /** The range upstream says it answered for, in epoch ms, when it said. */
  startMs: number | undefined;
  endMs: number | undefined;
  pagesFetched: number;
  /** Rows left out because they lacked what the view needs. */
  skippedRows: SkippedRows;
}

/** The state of one cell of the rounds matrix. */
export const CELL_NO_DATA = 0; // no row at all for this agent and round
export const CELL_ERROR = 1; // a row with errorDetail
export const CELL_VALUE = 2; // a row with metrics (a single metric may still be NaN)

/**
 * Agents × rounds, flat and typed so a 500 × 2,016 window is a few MB and a heatmap can draw it
 * without allocating. Index a cell as `agentIndex * roundIds.length + roundIndex`.
 */
export interface RoundsMatrix {
  agents: { agentId: string; agentName: string; countryId: string }[];
  /** Ascending epoch seconds, one per column, every interval step of the window. */
  roundIds: Float64Array;
  intervalSeconds: number;
  /** CELL_NO_DATA | CELL_ERROR | CELL_VALUE per cell. */
  cellState: Uint8Array;
  /** Per metric, NaN where there is no value. */
  values: Record<HeatmapMetric, Float32Array>;
  /** The codec's ceiling per cell (it can change inside a window), NaN where there is no value. */
  codecMaxMos: Float32Array;
  /** Index into the rows array the matrix was built from, -1 where there is no row. */
  rowIndex: Int32Array;
}

/** One agent across the window. Every statistic is undefined when the agent had no value. */
export interface AgentSummary {
  agentId: string;
  agentName: string;
  countryId: string;
  /** Rounds with a row (value or error). */
  roundsReported: number;
  errorRounds: number;
  mosMean: number | undefined;
  mosMin: number | undefined;
  mosP5: number | undefined;
  /** The highest codecMaxMos the agent reported in the window. */
  codecMaxMos: number | undefined;
  /** codecMaxMos − mosMean: how far the agent sits below its codec's ceiling (bigger is worse). */
  mosHeadroom: number | undefined;
  lossMean: number | undefined;
  lossMax: number | undefined;
  latencyP50: number | undefined;
  latencyP95: number | undefined;
  pdvMean: number | undefined;
}

/** One round across every agent, for the all-agents MOS overview. */
export interface RoundSummary {
  roundId: number;
  agentsReporting: number;
  mosMedian: number | undefined;
  mosP5: number | undefined;
  /** The highest codecMaxMos reported in the round. */
  codecMaxMos: number | undefined;
}
