// The simulated measurements: one voice result is a pure function of (test, agent, roundId).
// Healthy by default, with chronic-loss agents, regional incidents that build up and recover,
// occasional error rows and occasional missing rounds.
// Over 300 lines: the rows and what shapes them (chronic agents, regional incidents, errors, gaps)
// are one model, read together.
import {
  REGIONS,
  distanceKm,
  type Agent,
  type Dscp,
  type Region,
  type VoiceTestSpec,
} from './catalog.ts';
import { DSCPS } from './catalog.ts';
import { streamMosOf } from './e-model.ts';
import { hashInts, hashString, mix32, unit } from './prng.ts';

export interface SimRow {
  roundId: number;
  agent: Agent;
  /** Epoch seconds at which the agent's stream started (a little after the round start). */
  dateSeconds: number;
  /** '' when the round measured normally. */
  errorDetail: string;
  /** NaN on an error row: no value, never zero. */
  mos: number;
  loss: number;
  discards: number;
  latency: number;
  pdv: number;
  /** The DSCP the server received (re-marked to best effort on some enterprise networks). */
  dscp: Dscp;
}

const MISSING_ROUND_PROBABILITY = 0.006;
const ERROR_ROW_PROBABILITY = 0.004;
const INCIDENT_SLOT_SECONDS = 6 * 3600;
const INCIDENT_PROBABILITY = 0.3;

const ERROR_DETAILS = [
  'Connection timed out',
  'No RTP packets received by the server',
  'Unable to establish the stream: no route to host',
  'Agent failed to start the stream within the round',
];

const REGION_SEEDS = REGIONS.map((region) => hashString(`incident:${region}`));

interface Incident {
  startSeconds: number;
  endSeconds: number;
  peak: number;
  slot: number;
}

function incidentInSlot(regionIndex: number, slot: number): Incident | undefined {
  const h = hashInts(REGION_SEEDS[regionIndex] ?? 0, slot);
  if (unit(h) >= INCIDENT_PROBABILITY) return undefined;
  const startSeconds =
    slot * INCIDENT_SLOT_SECONDS + Math.floor(unit(mix32(h ^ 1)) * INCIDENT_SLOT_SECONDS);
  const durationSeconds = 1200 + Math.floor(unit(mix32(h ^ 2)) * 9600);
  return {
    startSeconds,
    endSeconds: startSeconds + durationSeconds,
    peak: 0.35 + 0.65 * unit(mix32(h ^ 3)),
    slot,
  };
}

/**
 * How badly a region is degraded at an instant, 0 (fine) to 1, and which incident it is. The
 * shape ramps up over the first fifth, holds, and recovers over the last third.
 */
export interface RegionSeverity {
  severity: number;
  /** Which incident (its 6-hour slot); -1 when calm. */
  slot: number;
}

export function regionalSeverity(region: Region, atSeconds: number): RegionSeverity {
  const regionIndex = REGIONS.indexOf(region);
  const slot = Math.floor(atSeconds / INCIDENT_SLOT_SECONDS);
  let best: RegionSeverity = { severity: 0, slot: -1 };
  for (const candidateSlot of [slot - 1, slot]) {
    const incident = incidentInSlot(regionIndex, candidateSlot);
    if (!incident || atSeconds < incident.startSeconds || atSeconds >= incident.endSeconds)
      continue;
    const phase =
      (atSeconds - incident.startSeconds) / (incident.endSeconds - incident.startSeconds);
    const shape = phase < 0.2 ? phase / 0.2 : phase > 0.67 ? (1 - phase) / 0.33 : 1;
    const severity = incident.peak * shape;
    if (severity > best.severity) best = { severity, slot: incident.slot };
  }
  return best;
}

/** Does this incident reach this agent? Most agents in the region, not all. */
export function agentAffected(agent: Agent, slot: number): boolean {
  return unit(hashInts(agent.agentId, slot, 0x1dc1)) < 0.75;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

// One row's draws come from a xorshift32 sequence seeded by (test, agent, round). Module state
// rather than an object per row: a week of 500 agents is a million rows.
// (A typed array rather than a `let`: module-level bindings cost a check on every access.)
const drawState = new Uint32Array(1);
function draw(): number {
  let x = drawState[0] as number;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  drawState[0] = x;
  return (x >>> 0) / 0x1_0000_0000;
}

/** Per (test, agent) constants: the backbone latency follows distance to the target server. */
export interface Link {
  baseLatencyMs: number;
}

export function buildLinks(test: VoiceTestSpec, agents: readonly Agent[]): Link[] {
  // Light in fibre covers ~200 km/ms; real routes run about twice the great-circle distance.
  return agents.map((agent) => ({
    baseLatencyMs: 1 + agent.accessLatencyMs + distanceKm(agent.city, test.target) / 100,
  }));
}

/**
 * Rows in columns: a week of 500 agents is a million rows, and typed arrays keep that to one
 * allocation instead of a million objects for the garbage collector. `rowAt` gives one row back
 * as an object, for serialising a page (v7 writes its pages' JSON from the columns directly).
 */
export class RowBlock {
  length = 0;
  readonly roundId: Float64Array;
  readonly agentIndex: Int32Array;
  /** Index into ERROR_DETAILS, -1 for a measured row. */
  readonly errorIndex: Int8Array;
  readonly mos: Float64Array;
  readonly loss: Float64Array;
  readonly discards: Float64Array;
  readonly latency: Int32Array;
  readonly pdv: Int32Array;

  constructor(
    readonly test: VoiceTestSpec,
    readonly agents: readonly Agent[],
    capacity: number,
  ) {
    this.roundId = new Float64Array(capacity);
    this.agentIndex = new Int32Array(capacity);
    this.errorIndex = new Int8Array(capacity);
    this.mos = new Float64Array(capacity);
    this.loss = new Float64Array(capacity);
    this.discards = new Float64Array(capacity);
    this.latency = new Int32Array(capacity);
    this.pdv = new Int32Array(capacity);
  }

  rowAt(index: number): SimRow {
    const agent = this.agents[this.agentIndex[index] ?? 0] as Agent;
    const roundId = this.roundId[index] ?? 0;
    const measured = (this.errorIndex[index] ?? -1) < 0;
    return {
      roundId,
      agent,
      dateSeconds: roundId + this.startOffsetOf(agent),
      errorDetail: this.errorDetailAt(index),
      mos: measured ? (this.mos[index] ?? NaN) : NaN,
      loss: measured ? (this.loss[index] ?? NaN) : NaN,
      discards: measured ? (this.discards[index] ?? NaN) : NaN,
      latency: measured ? (this.latency[index] ?? NaN) : NaN,
      pdv: measured ? (this.pdv[index] ?? NaN) : NaN,
      dscp: this.dscpOf(agent),
    };
  }

  /** Seconds after the round's start at which this agent's stream starts (`dateSeconds`). */
  startOffsetOf(agent: Agent): number {
    const latestStart = Math.max(0, this.test.interval - this.test.duration - 1);
    return Math.min(agent.startOffsetSeconds, latestStart);
  }

  /** The DSCP the server receives from this agent. */
  dscpOf(agent: Agent): Dscp {
    return agent.remarksDscp ? DSCPS.be : this.test.dscp;
  }

  /** The row's error, '' when it measured normally. */
  errorDetailAt(index: number): string {
    const errorIndex = this.errorIndex[index] ?? -1;
    return errorIndex < 0 ? '' : (ERROR_DETAILS[errorIndex] ?? 'Connection timed out');
  }

  rows(): SimRow[] {
    const rows: SimRow[] = [];
    for (let i = 0; i < this.length; i += 1) rows.push(this.rowAt(i));
    return rows;
  }
}

/**
 * Measures one agent in one round into `block` (at block.length). Returns false, writing
 * nothing, when the round left no row at all.
 */
function measureInto(
  block: RowBlock,
  agentIndex: number,
  link: Link,
  roundId: number,
  regionSeverity: RegionSeverity,
): boolean {
  const test = block.test;
  const agent = block.agents[agentIndex] as Agent;
  // Epoch seconds fit in 32 bits until 2106, so three mixes make the row's seed.
  drawState[0] =
    mix32(mix32(mix32(0x9e37_79b9 ^ test.testId) ^ agent.agentId) ^ roundId) || 0x6d2b_79f5;
  if (draw() < MISSING_ROUND_PROBABILITY) return false;
  const severity =
    regionSeverity.severity > 0 && agentAffected(agent, regionSeverity.slot)
      ? regionSeverity.severity
      : 0;
  const at = block.length;
  block.length += 1;
  block.roundId[at] = roundId;
  block.agentIndex[at] = agentIndex;
  if (draw() < ERROR_ROW_PROBABILITY + severity * 0.04) {
    block.errorIndex[at] = Math.floor(draw() * ERROR_DETAILS.length);
    return true;
  }
  block.errorIndex[at] = -1;
  const latency = Math.max(
    1,
    Math.round(
      link.baseLatencyMs * (1 + 0.06 * draw()) + 1.5 * draw() + severity * (30 + 120 * draw()),
    ),
  );
  const pdv = Math.round(agent.basePdvMs * (0.5 + draw()) + severity * (6 + 30 * draw()));
  const burst = draw();
  const burstSize = draw();
  let loss =
    agent.chronicLossPercent > 0
      ? agent.chronicLossPercent * (0.4 + 1.2 * burst)
      : burst < 0.05
        ? 0.1 + 0.7 * burstSize
        : 0;
  loss += severity * (1.5 + 9 * draw());
  loss = round2(Math.min(100, loss));
  // Packets arriving later than half the jitter buffer's depth start to be discarded.
  const halfBuffer = test.jitterBuffer / 2;
  const discards =
    pdv > halfBuffer ? round2(Math.min(30, ((pdv - halfBuffer) / test.jitterBuffer) * 4)) : 0;
  block.latency[at] = latency;
  block.pdv[at] = pdv;
  block.loss[at] = loss;
  block.discards[at] = discards;
  block.mos[at] = round2(streamMosOf(test.codec, test.codec.maxMos, latency, loss + discards));
  return true;
}

/** The first and last roundId a time range covers, or undefined when it covers none. */
export interface RoundSpan {
  firstRoundId: number;
  lastRoundId: number;
  interval: number;
}

/**
 * Rounds that overlap [startMs, endMs) (a round that began just before the start counts) and
 * have ended by nowMs: a round becomes visible only once it is over.
 */
export function roundsInRange(
  interval: number,
  startMs: number,
  endMs: number,
  nowMs: number,
): RoundSpan | undefined {
  const firstRoundId = Math.floor(startMs / 1000 / interval) * interval;
  // The end is exclusive: a round that starts exactly at the end belongs to the next range.
  const lastStarted = Math.ceil(endMs / 1000 / interval) * interval - interval;
  const lastEnded = Math.floor(nowMs / 1000 / interval) * interval - interval;
  const lastRoundId = Math.min(lastStarted, lastEnded);
  if (lastRoundId < firstRoundId) return undefined;
  return { firstRoundId, lastRoundId, interval };
}

/** The most recent round that has ended. */
export function latestRound(interval: number, nowMs: number): RoundSpan {
  const roundId = Math.floor(nowMs / 1000 / interval) * interval - interval;
  return { firstRoundId: roundId, lastRoundId: roundId, interval };
}

/** Where a page starts: after this round, or inside it after this agent. */
export interface PagePosition {
  roundId: number;
  /** Rows of `roundId` with agentId <= this were already served; undefined = the whole round was. */
  afterAgentId?: number;
}

/**
 * Generates rows of a test in time order (round, then agentId) for the given agents. A disabled
 * test measures nothing. Stops after `limit` rows; with `wholeRounds`, never splits a round
 * (v6 pages resume by lastRoundId), serving at least one round.
 */
export function generateRows(
  test: VoiceTestSpec,
  agents: readonly Agent[],
  links: readonly Link[],
  span: RoundSpan,
  options: { limit?: number; after?: PagePosition; wholeRounds?: boolean } = {},
): { rows: RowBlock; more: boolean } {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let roundId = span.firstRoundId;
  let afterAgentId = -1;
  if (options.after) {
    if (options.after.afterAgentId === undefined) roundId = options.after.roundId + span.interval;
    else {
      roundId = options.after.roundId;
      afterAgentId = options.after.afterAgentId;
    }
    roundId = Math.max(roundId, span.firstRoundId);
  }
  const roundsLeft = Math.max(0, (span.lastRoundId - roundId) / span.interval + 1);
  const capacity = test.enabled ? Math.min(roundsLeft * agents.length, limit + agents.length) : 0;
  const rows = new RowBlock(test, agents, capacity);
  if (!test.enabled) return { rows, more: false };
  const severities: RegionSeverity[] = REGIONS.map(() => ({ severity: 0, slot: -1 }));
  for (; roundId <= span.lastRoundId; roundId += span.interval) {
    const midRound = roundId + span.interval / 2;
    for (let r = 0; r < REGIONS.length; r += 1) {
      severities[r] = regionalSeverity(REGIONS[r] as Region, midRound);
    }
    for (let i = 0; i < agents.length; i += 1) {
      const agent = agents[i] as Agent;
      if (agent.agentId <= afterAgentId) continue;
      if (!options.wholeRounds && rows.length >= limit) return { rows, more: true };
      measureInto(
        rows,
        i,
        links[i] as Link,
        roundId,
        severities[agent.regionIndex] as RegionSeverity,
      );
    }
    afterAgentId = -1;
    if (rows.length >= limit && roundId < span.lastRoundId) return { rows, more: true };
  }
  return { rows, more: false };
}
