// The simulated measurements: one voice result is a pure function of (test, agent, roundId).
// Healthy by default, with chronic-loss agents, regional incidents that build up and recover,
// occasional error rows and occasional missing rounds.
import {
  REGIONS,
  distanceKm,
  type Agent,
  type Dscp,
  type Region,
  type VoiceTestSpec,
} from './catalog.ts';
import { DSCPS } from './catalog.ts';
import { streamMos } from './e-model.ts';
import { SeededSequence, hashInts, hashString, mix32, unit } from './prng.ts';

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
export function regionalSeverity(
  region: Region,
  atSeconds: number,
): { severity: number; slot: number } {
  const regionIndex = REGIONS.indexOf(region);
  const slot = Math.floor(atSeconds / INCIDENT_SLOT_SECONDS);
  let best = { severity: 0, slot: -1 };
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
function agentAffected(agent: Agent, slot: number): boolean {
  return unit(hashInts(agent.agentId, slot, 0x1dc1)) < 0.75;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

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

/** One agent's result for one round, or undefined when the round left no row at all. */
export function roundResult(
  test: VoiceTestSpec,
  agent: Agent,
  link: Link,
  roundId: number,
  regionSeverity: { severity: number; slot: number },
): SimRow | undefined {
  const draw = new SeededSequence(hashInts(test.testId, agent.agentId, roundId));
  if (draw.next() < MISSING_ROUND_PROBABILITY) return undefined;
  const severity =
    regionSeverity.severity > 0 && agentAffected(agent, regionSeverity.slot)
      ? regionSeverity.severity
      : 0;
  const latestStart = Math.max(0, test.interval - test.duration - 1);
  const dateSeconds = roundId + Math.min(agent.startOffsetSeconds, latestStart);
  const dscp = agent.remarksDscp ? DSCPS.be : test.dscp;
  if (draw.next() < ERROR_ROW_PROBABILITY + severity * 0.04) {
    const detail =
      ERROR_DETAILS[Math.floor(draw.next() * ERROR_DETAILS.length)] ?? 'Connection timed out';
    return {
      roundId,
      agent,
      dateSeconds,
      errorDetail: detail,
      mos: NaN,
      loss: NaN,
      discards: NaN,
      latency: NaN,
      pdv: NaN,
      dscp,
    };
  }
  const base = link.baseLatencyMs;
  const latency = Math.max(
    1,
    Math.round(
      base * (1 + 0.06 * draw.next()) + 1.5 * draw.next() + severity * (30 + 120 * draw.next()),
    ),
  );
  const pdv = Math.round(agent.basePdvMs * (0.5 + draw.next()) + severity * (6 + 30 * draw.next()));
  const burst = draw.next();
  const burstSize = draw.next();
  let loss =
    agent.chronicLossPercent > 0
      ? agent.chronicLossPercent * (0.4 + 1.2 * burst)
      : burst < 0.05
        ? 0.1 + 0.7 * burstSize
        : 0;
  loss += severity * (1.5 + 9 * draw.next());
  loss = round2(Math.min(100, loss));
  // Packets arriving later than half the jitter buffer's depth start to be discarded.
  const halfBuffer = test.jitterBuffer / 2;
  const discards =
    pdv > halfBuffer ? round2(Math.min(30, ((pdv - halfBuffer) / test.jitterBuffer) * 4)) : 0;
  const mos = round2(
    streamMos({
      codec: test.codec,
      codecMaxMos: test.codec.maxMos,
      latencyMs: latency,
      jitterBufferMs: test.jitterBuffer,
      packetisationMs: test.codec.packetisationMs,
      lossPercent: loss,
      discardsPercent: discards,
    }),
  );
  return { roundId, agent, dateSeconds, errorDetail: '', mos, loss, discards, latency, pdv, dscp };
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
): { rows: SimRow[]; more: boolean } {
  const rows: SimRow[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!test.enabled) return { rows, more: false };
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
  const severities = REGIONS.map(() => ({ severity: 0, slot: -1 }));
  for (; roundId <= span.lastRoundId; roundId += span.interval) {
    const midRound = roundId + span.interval / 2;
    for (let r = 0; r < REGIONS.length; r += 1)
      severities[r] = regionalSeverity(REGIONS[r] as Region, midRound);
    for (let i = 0; i < agents.length; i += 1) {
      const agent = agents[i] as Agent;
      if (agent.agentId <= afterAgentId) continue;
      if (!options.wholeRounds && rows.length >= limit) return { rows, more: true };
      const regionIndex = REGIONS.indexOf(agent.city.region);
      const row = roundResult(
        test,
        agent,
        links[i] as Link,
        roundId,
        severities[regionIndex] ?? { severity: 0, slot: -1 },
      );
      if (row) rows.push(row);
    }
    afterAgentId = -1;
    if (rows.length >= limit && roundId < span.lastRoundId) return { rows, more: true };
  }
  return { rows, more: false };
}
