// The simulated data: deterministic, internally consistent (MOS from the E-model, capped at the
// codec's ceiling), and textured the way real fleets are.
import { describe, expect, it } from 'vitest';
import { CODECS, TESTS, buildAgents, cityByCode, type VoiceTestSpec } from './catalog.ts';
import { CITIES } from './cities.ts';
import { attributeRound } from '../../common/e-model-attribution.ts';
import { delayImpairment, mosFromR, streamMos } from './e-model.ts';
import {
  agentAffected,
  buildLinks,
  generateRows,
  regionalSeverity,
  roundsInRange,
  type SimRow,
} from './results.ts';

const voice = (testId: number) => TESTS.find((test) => test.testId === testId) as VoiceTestSpec;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 30);
const WEEK_MS = 7 * 86_400_000;

function week(
  testId: number,
  agentCount: number,
): { rows: SimRow[]; rounds: number; agents: number } {
  const test = voice(testId);
  const agents = buildAgents(agentCount, false);
  const span = roundsInRange(test.interval, NOW - WEEK_MS, NOW, NOW);
  if (!span) throw new Error('no rounds');
  const { rows } = generateRows(test, agents, buildLinks(test, agents), span);
  return {
    rows: rows.rows(),
    rounds: (span.lastRoundId - span.firstRoundId) / span.interval + 1,
    agents: agentCount,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

describe('E-model', () => {
  it('gives G.711 its 4.41 ceiling with no impairment, and less as delay and loss grow', () => {
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    const base = { codec: CODECS.g711, codecMaxMos: 4.41, discardsPercent: 0 };
    expect(streamMos({ ...base, latencyMs: 0, lossPercent: 0 })).toBeCloseTo(4.41, 2);
    const byLatency = [20, 100, 200, 400].map((latencyMs) =>
      streamMos({ ...base, latencyMs, lossPercent: 0 }),
    );
    const byLoss = [0, 1, 5, 20].map((lossPercent) =>
      streamMos({ ...base, latencyMs: 20, lossPercent }),
    );
    for (const series of [byLatency, byLoss]) {
      for (let i = 1; i < series.length; i += 1)
        expect(series[i]).toBeLessThan(series[i - 1] as number);
    }
    expect(delayImpairment(300)).toBeGreaterThan(delayImpairment(177) * 2);
  });

  it('caps every codec at its ceiling', () => {
    for (const codec of Object.values(CODECS)) {
      const mos = streamMos({
        codec,
        codecMaxMos: codec.maxMos,
        latencyMs: 0,
        lossPercent: 0,
        discardsPercent: 0,
      });
      expect(mos).toBeLessThanOrEqual(codec.maxMos);
      expect(mos).toBeGreaterThan(codec.maxMos - 0.15);
    }
  });
});

describe('the simulator and the app’s E-model agree', () => {
  it('gives every measured row the MOS the attribution’s model gives it, to the row’s rounding', () => {
    // Every codec the catalog's tests use, over a day of 30 agents, incidents included.
    let checked = 0;
    for (const test of TESTS.filter((spec): spec is VoiceTestSpec => spec.type === 'voice')) {
      const agents = buildAgents(30, false);
      const span = roundsInRange(test.interval, NOW - 86_400_000, NOW, NOW);
      if (!span) throw new Error('no rounds');
      const rows = generateRows(test, agents, buildLinks(test, agents), span).rows.rows();
      for (const row of rows) {
        if (row.errorDetail) continue;
        const attribution = attributeRound({
          errorDetail: '',
          mos: row.mos,
          codecName: test.codec.name,
          codecMaxMos: test.codec.maxMos,
          latency: row.latency,
          loss: row.loss,
          discards: row.discards,
        });
        if (!attribution.attributed) throw new Error(attribution.reason);
        // The row's MOS and the ceiling are each rounded to 0.01: the model explains the rest.
        expect(Math.abs(attribution.unexplained)).toBeLessThanOrEqual(0.0101);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('rounds', () => {
  it('includes a round that began before the start, excludes one starting at the end, shows only ended rounds', () => {
    expect(roundsInRange(300, Date.UTC(2026, 0, 15, 11, 0, 30), NOW, NOW)).toEqual({
      firstRoundId: Date.UTC(2026, 0, 15, 11, 0) / 1000,
      lastRoundId: Date.UTC(2026, 0, 15, 11, 55) / 1000,
      interval: 300,
    });
    expect(
      roundsInRange(300, Date.UTC(2026, 0, 15, 10), Date.UTC(2026, 0, 15, 11), NOW)?.lastRoundId,
    ).toBe(Date.UTC(2026, 0, 15, 10, 55) / 1000);
    expect(roundsInRange(300, NOW - 10_000, NOW, NOW)).toBeUndefined();
  });
});

describe('a week of simulated data', () => {
  const { rows, rounds, agents } = week(7001, 60);

  it('is a pure function of (test, agent, round)', () => {
    expect(week(7001, 60).rows).toEqual(rows);
    const other = week(7002, 60).rows.slice(0, 50);
    expect(other.map((row) => row.latency)).not.toEqual(
      rows.slice(0, 50).map((row) => row.latency),
    );
  });

  it('has occasional missing rounds and error rows, and mostly healthy rows', () => {
    const possible = rounds * agents;
    const missing = possible - rows.length;
    expect(missing / possible).toBeGreaterThan(0.001);
    expect(missing / possible).toBeLessThan(0.02);
    const errors = rows.filter((row) => row.errorDetail !== '');
    expect(errors.length / rows.length).toBeGreaterThan(0.001);
    expect(errors.length / rows.length).toBeLessThan(0.03);
    for (const row of errors) expect(Number.isNaN(row.mos) && Number.isNaN(row.loss)).toBe(true);
    const clean = rows.filter((row) => row.errorDetail === '' && row.loss === 0);
    expect(clean.length / rows.length).toBeGreaterThan(0.6);
  });

  it('has a few agents with chronic loss', () => {
    const byAgent = new Map<number, number[]>();
    for (const row of rows) {
      if (row.errorDetail !== '') continue;
      const list = byAgent.get(row.agent.agentId) ?? [];
      list.push(row.loss);
      byAgent.set(row.agent.agentId, list);
    }
    const chronic = [...byAgent.values()].filter((losses) => median(losses) >= 0.5);
    expect(chronic.length).toBeGreaterThanOrEqual(1);
    expect(chronic.length).toBeLessThanOrEqual(agents * 0.15);
  });

  it('has regional incidents that degrade a region for a while and recover', () => {
    let incidents = 0;
    for (const region of ['EU', 'NA', 'AS'] as const) {
      let inIncident = false;
      for (let t = (NOW - WEEK_MS) / 1000; t < NOW / 1000; t += 300) {
        const { severity } = regionalSeverity(region, t);
        if (severity > 0 && !inIncident) incidents += 1;
        inIncident = severity > 0;
      }
    }
    expect(incidents).toBeGreaterThan(3);
    // How hard the incident hits this agent: most agents of the region feel it, not all.
    const felt = (row: SimRow) => {
      const regional = regionalSeverity(row.agent.city.region, row.roundId + 150);
      return regional.severity > 0 && agentAffected(row.agent, regional.slot)
        ? regional.severity
        : 0;
    };
    const hit = rows.find((row) => felt(row) > 0.6);
    expect(hit).toBeDefined();
    const sameAgent = rows.filter(
      (row) => row.agent.agentId === hit?.agent.agentId && row.errorDetail === '',
    );
    const during = sameAgent.filter((row) => felt(row) > 0.5);
    // ...and after it, the agent is back to its calm self.
    const after = sameAgent.filter(
      (row) =>
        felt(row) === 0 &&
        row.roundId > (during.at(-1)?.roundId ?? 0) &&
        row.roundId < (during.at(-1)?.roundId ?? 0) + 6 * 3600,
    );
    const calm = sameAgent.filter(
      (row) => regionalSeverity(row.agent.city.region, row.roundId + 150).severity === 0,
    );
    expect(median(during.map((row) => row.latency))).toBeGreaterThan(
      median(calm.map((row) => row.latency)) + 10,
    );
    expect(median(during.map((row) => row.mos))).toBeLessThan(median(calm.map((row) => row.mos)));
    expect(after.length).toBeGreaterThan(0);
    expect(median(after.map((row) => row.latency))).toBeLessThan(
      median(calm.map((row) => row.latency)) + 5,
    );
  });

  it('has latency that follows distance to the target server', () => {
    const target = voice(7001).target;
    const latencyByAgent = new Map<number, { km: number; latencies: number[] }>();
    for (const row of rows) {
      if (row.errorDetail !== '' || row.agent.agentType !== 'cloud') continue;
      const entry = latencyByAgent.get(row.agent.agentId) ?? {
        km: Math.hypot(row.agent.city.lat - target.lat, row.agent.city.lon - target.lon),
        latencies: [],
      };
      entry.latencies.push(row.latency);
      latencyByAgent.set(row.agent.agentId, entry);
    }
    const near = [...latencyByAgent.values()].filter((entry) => entry.km < 10);
    const far = [...latencyByAgent.values()].filter((entry) => entry.km > 100);
    expect(near.length).toBeGreaterThan(0);
    expect(far.length).toBeGreaterThan(0);
    const nearMedian = median(near.flatMap((entry) => entry.latencies));
    const farMedian = median(far.flatMap((entry) => entry.latencies));
    expect(nearMedian).toBeLessThan(30);
    expect(farMedian).toBeGreaterThan(100);
  });

  it('keeps MOS consistent with loss and under the codec ceiling', () => {
    const measured = rows.filter((row) => row.errorDetail === '');
    for (const row of measured) {
      expect(row.mos).toBeLessThanOrEqual(CODECS.g711.maxMos);
      expect(row.mos).toBeGreaterThanOrEqual(1);
    }
    const lossy = measured.filter((row) => row.loss >= 3).map((row) => row.mos);
    const clean = measured.filter((row) => row.loss === 0).map((row) => row.mos);
    expect(lossy.length).toBeGreaterThan(0);
    expect(median(lossy)).toBeLessThan(median(clean) - 0.3);
  });

  it('shows DSCP re-marked to best effort on some enterprise networks only', () => {
    const remarked = rows.filter((row) => row.dscp.id !== voice(7001).dscp.id);
    expect(remarked.length).toBeGreaterThan(0);
    for (const row of remarked) {
      expect(row.agent.agentType).toBe('enterprise');
      expect(row.dscp.id).toBe(0);
    }
  });

  it('measures nothing for a disabled test', () => {
    expect(week(7006, 10).rows).toEqual([]);
  });
});

describe('agents', () => {
  it('spread over many countries and regions, with unique ids and names', () => {
    const agents = buildAgents(1000, false);
    expect(new Set(agents.map((agent) => agent.agentId)).size).toBe(1000);
    expect(new Set(agents.map((agent) => agent.agentName)).size).toBe(1000);
    expect(new Set(agents.map((agent) => agent.city.countryId)).size).toBeGreaterThanOrEqual(30);
    expect(
      new Set(agents.slice(0, 12).map((agent) => agent.city.region)).size,
    ).toBeGreaterThanOrEqual(5);
    expect(CITIES.length).toBeGreaterThanOrEqual(40);
    expect(cityByCode('fra').countryId).toBe('DE');
  });
});
