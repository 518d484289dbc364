// The words around a heatmap: its accessible name, the screen-reader summary, the tooltip lines,
// the time-axis ticks and the PNG file name. Pure, so each is tested without a DOM.
import { agentNameWithLocation } from '../../api/adapters/agents.ts';
import { CELL_ERROR, CELL_VALUE, type RoundsMatrix } from '../../lib/model.ts';
import { countCellStates } from '../../lib/rounds-matrix.ts';
import { METRICS, type HeatmapMetric } from '../../lib/metrics.ts';
import {
  formatAxisTime,
  formatCount,
  formatDateTime,
  formatHeadroom,
  formatMetric,
  type TimeZoneChoice,
} from '../../lib/format.ts';
import { DEFAULT_CODEC_MAX_MOS, severityMeasure } from '../../lib/palettes.ts';
import { agentSeverity } from './row-order.ts';

/** "Loss heatmap", "PDV heatmap", …: the accessible name the product promises. */
export function heatmapLabel(metric: HeatmapMetric): string {
  return `${METRICS[metric].name} heatmap`;
}

/** `earshot-loss-heatmap-<testId>.png` */
export function heatmapPngFileName(metric: HeatmapMetric, testId: string | undefined): string {
  const safeTestId = (testId ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  return `earshot-${metric}-heatmap${safeTestId ? `-${safeTestId}` : ''}.png`;
}

/**
 * What a screen reader hears after the name, e.g. "12 agents × 288 rounds; worst: Tokyo 3,
 * mean loss 8.2 %; 4 error rounds; 31 rounds without data."
 */
export function heatmapSummary(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  timeZone: TimeZoneChoice,
): string {
  const agentCount = matrix.agents.length;
  const roundCount = matrix.roundIds.length;
  const parts = [
    `${formatCount(agentCount, 'agent', 'agents')} × ${formatCount(roundCount, 'round', 'rounds')}`,
  ];
  const first = matrix.roundIds[0];
  const last = matrix.roundIds[roundCount - 1];
  if (first !== undefined && last !== undefined) {
    parts.push(
      `${formatDateTime(first * 1000, timeZone)} to ${formatDateTime(last * 1000, timeZone)}`,
    );
  }
  let worstIndex = -1;
  let worstSeverity = -Infinity;
  for (let a = 0; a < agentCount; a++) {
    const { severity } = agentSeverity(matrix, metric, a);
    if (severity !== undefined && severity > worstSeverity) {
      worstSeverity = severity;
      worstIndex = a;
    }
  }
  const worstAgent = matrix.agents[worstIndex];
  if (worstAgent) {
    const mean = meanOf(matrix, metric, worstIndex);
    const what =
      metric === 'mos'
        ? `mean MOS ${formatMetric('mos', mean)}, ${formatHeadroom(worstSeverity)}`
        : `mean ${METRICS[metric].name.toLowerCase()} ${formatMetric(metric, mean)}`;
    parts.push(`worst: ${worstAgent.agentName}, ${what}`);
  } else {
    parts.push(`no ${METRICS[metric].name} values`);
  }
  const { reported, errors } = countCellStates(matrix.cellState);
  const empty = matrix.cellState.length - reported;
  if (errors > 0) parts.push(formatCount(errors, 'error round', 'error rounds'));
  if (empty > 0) parts.push(formatCount(empty, 'round without data', 'rounds without data'));
  return `${parts.join('; ')}.`;
}

function meanOf(matrix: RoundsMatrix, metric: HeatmapMetric, agentIndex: number): number {
  const n = matrix.roundIds.length;
  const values = matrix.values[metric];
  let sum = 0;
  let count = 0;
  for (let i = agentIndex * n; i < (agentIndex + 1) * n; i++) {
    const v = values[i]!;
    if (matrix.cellState[i] === CELL_VALUE && !Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

export interface CellDescription {
  /** The agent, with its location when known: "sjc-office-01 (San Jose, CA)". */
  agentName: string;
  time: string;
  /** "Loss 0.7 %", "Error round", "No data", "MOS 3.95". */
  value: string;
  /** MOS only: "codec max 4.03 · 0.08 below max". */
  detail: string | undefined;
}

/** The tooltip of one cell, and (joined) what the live region announces as the cursor moves. */
export function describeCell(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  agentIndex: number,
  roundIndex: number,
  timeZone: TimeZoneChoice,
  /** What upstream said went wrong in an error round, when the caller has the rows. */
  errorDetail?: string,
): CellDescription {
  const roundCount = matrix.roundIds.length;
  const i = agentIndex * roundCount + roundIndex;
  const roundId = matrix.roundIds[roundIndex] ?? Number.NaN;
  const agentName = matrix.agents[agentIndex]?.agentName ?? '';
  const time = formatDateTime(roundId * 1000, timeZone);
  const state = matrix.cellState[i];
  const name = METRICS[metric].name;
  if (state === CELL_ERROR) {
    return { agentName, time, value: 'Error round', detail: errorDetail || undefined };
  }
  if (state !== CELL_VALUE) return { agentName, time, value: 'No data', detail: undefined };
  const value = matrix.values[metric][i];
  const text = `${name} ${formatMetric(metric, value)}`;
  if (metric !== 'mos' || value === undefined || Number.isNaN(value)) {
    return { agentName, time, value: text, detail: undefined };
  }
  const ceiling = matrix.codecMaxMos[i];
  if (ceiling === undefined || Number.isNaN(ceiling)) {
    return {
      agentName,
      time,
      value: text,
      detail: `codec max unknown · judged against ${DEFAULT_CODEC_MAX_MOS}`,
    };
  }
  return {
    agentName,
    time,
    value: text,
    detail: `codec max ${ceiling.toFixed(2)} · ${formatHeadroom(Math.max(0, ceiling - value))}`,
  };
}

/**
 * "2026-11-26 12:00–12:09 UTC": the first and last round of a span (each named by its start, as
 * a single round is); the date is written once when both fall on the same day.
 */
export function formatRoundSpan(
  firstRoundS: number,
  lastRoundS: number,
  timeZone: TimeZoneChoice,
): string {
  const from = formatDateTime(firstRoundS * 1000, timeZone);
  const to = formatDateTime(lastRoundS * 1000, timeZone);
  if (from === to) return from;
  const fromDateTime = from.slice(0, 16); // "2026-11-26 12:00", without the zone suffix
  return to.startsWith(from.slice(0, 11))
    ? `${fromDateTime}–${to.slice(11)}`
    : `${fromDateTime} – ${to}`;
}

/**
 * The tooltip of a pixel that covers several rounds of one agent (a long window on a narrow
 * screen): the span, how many rounds, the worst value among them and what else is in it, e.g.
 * "2026-11-26 12:00–12:09 UTC", "10 rounds, worst 4.2 %", "1 error round · 2 without data".
 * One round is described exactly as describeCell does.
 */
export function describeSpan(
  matrix: RoundsMatrix,
  metric: HeatmapMetric,
  agentIndex: number,
  roundFrom: number,
  roundTo: number,
  timeZone: TimeZoneChoice,
  options: {
    /** What upstream said went wrong in the span's first error round, when the caller has it. */
    errorDetail?: string;
    /** When a pixel row covers several agents: how many (this is the worst of them). */
    agentsCovered?: number;
    /** Where the agent is (the row's location, else /agents), named beside it. */
    agentLocation?: string | undefined;
  } = {},
): CellDescription {
  const agentName = agentNameWithLocation(
    matrix.agents[agentIndex]?.agentName ?? '',
    options.agentLocation,
  );
  const agentsNote =
    options.agentsCovered !== undefined && options.agentsCovered > 1
      ? `worst of ${formatCount(options.agentsCovered, 'agent', 'agents')} in this pixel row`
      : undefined;
  if (roundTo - roundFrom <= 1) {
    const cell = describeCell(matrix, metric, agentIndex, roundFrom, timeZone, options.errorDetail);
    const detail = [cell.detail, agentsNote].filter(Boolean).join(' · ');
    return { ...cell, agentName, detail: detail || undefined };
  }
  const roundCount = matrix.roundIds.length;
  const values = matrix.values[metric];
  let worstIndex = -1;
  let worstSeverity = -Infinity;
  let errors = 0;
  let empty = 0;
  for (let r = roundFrom; r < roundTo; r++) {
    const i = agentIndex * roundCount + r;
    const state = matrix.cellState[i];
    if (state === CELL_ERROR) {
      errors++;
      continue;
    }
    const value = values[i];
    if (state !== CELL_VALUE || value === undefined || Number.isNaN(value)) {
      empty++;
      continue;
    }
    const severity = severityMeasure(metric, value, matrix.codecMaxMos[i]);
    if (severity > worstSeverity) {
      worstSeverity = severity;
      worstIndex = i;
    }
  }
  const rounds = formatCount(roundTo - roundFrom, 'round', 'rounds');
  const worstValue = worstIndex >= 0 ? values[worstIndex] : undefined;
  const value =
    worstValue === undefined
      ? `${rounds}, no ${METRICS[metric].name} value`
      : `${rounds}, worst ${metric === 'mos' ? 'MOS ' : ''}${formatMetric(metric, worstValue)}`;
  const details: string[] = [];
  if (errors > 0) {
    const errorWords = formatCount(errors, 'error round', 'error rounds');
    details.push(options.errorDetail ? `${errorWords} (${options.errorDetail})` : errorWords);
  }
  if (empty > 0) details.push(`${formatCount(empty, 'round', 'rounds')} without data`);
  if (metric === 'mos' && worstIndex >= 0) details.push(formatHeadroom(worstSeverity));
  if (agentsNote) details.push(agentsNote);
  return {
    agentName,
    time: formatRoundSpan(
      matrix.roundIds[roundFrom] ?? Number.NaN,
      matrix.roundIds[roundTo - 1] ?? Number.NaN,
      timeZone,
    ),
    value,
    detail: details.length > 0 ? details.join(' · ') : undefined,
  };
}

export function cellAnnouncement(description: CellDescription): string {
  return [description.agentName, description.time, description.value, description.detail]
    .filter(Boolean)
    .join(', ');
}

export interface TimeTick {
  /** 0–1 across the cells: where the tick's moment falls. */
  fraction: number;
  label: string;
}

const TICK_STEPS_S = [
  300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];

/**
 * At most `maxTicks` ticks at round multiples of a tidy step (5 min … 1 week), placed by the time
 * they mark. Each round covers [roundId, roundId + interval).
 */
export function timeTicks(
  roundIds: Float64Array,
  intervalSeconds: number,
  maxTicks: number,
  timeZone: TimeZoneChoice,
): TimeTick[] {
  const first = roundIds[0];
  const count = roundIds.length;
  if (first === undefined || maxTicks < 1) return [];
  const span = count * intervalSeconds;
  const step =
    TICK_STEPS_S.find((s) => s >= intervalSeconds && span / s <= maxTicks) ??
    Math.ceil(span / maxTicks / 86_400) * 86_400;
  const ticks: TimeTick[] = [];
  for (let t = Math.ceil(first / step) * step; t < first + span; t += step) {
    ticks.push({
      fraction: (t - first) / span,
      label: formatAxisTime(t * 1000, timeZone, span * 1000),
    });
  }
  return ticks;
}
