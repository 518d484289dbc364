import { describe, expect, it } from 'vitest';
import { matrixFromCells, PINNED_START_S, type TestCell } from './fixture-rounds-matrix.ts';
import {
  describeBands,
  gradeAgents,
  HEADROOM_BANDS,
  healthOfBadness,
  sustainedRounds,
  troubleSince,
  worstFirstOrder,
  worstSustained,
} from './mos-grade.ts';
import { healthOf } from './palettes.ts';
import { summarizeAgents } from './rounds-matrix.ts';

// test-matrix: MOS = 4.41 − 0.15 × loss against a 4.41 ceiling.
const GOOD = 0.4; // MOS 4.35: 0.06 below the ceiling
const OUTAGE = 12.7; // MOS ~2.5
const ROUNDS_A_DAY = 288; // 5-minute rounds

function day(outageFrom?: number, outageRounds = 12): TestCell[] {
  return Array.from({ length: ROUNDS_A_DAY }, (_, r) =>
    outageFrom !== undefined && r >= outageFrom && r < outageFrom + outageRounds ? OUTAGE : GOOD,
  );
}

describe('the grade', () => {
  it('flags a one-hour outage inside an otherwise good day, which the mean calls good', () => {
    const matrix = matrixFromCells([day(), day(100)]);
    // The old rule (mean MOS against the ceiling) calls the day good:
    const meanRule = summarizeAgents(matrix).map((agent) =>
      healthOf('mos', agent.mosMean, agent.codecMaxMos),
    );
    expect(meanRule).toEqual(['good', 'good']);
    for (const mode of ['headroom', 'mos'] as const) {
      const grades = gradeAgents(matrix, mode);
      expect(grades.map((grade) => grade.health)).toEqual(['good', 'poor']);
      // The figures describe the outage, not the day.
      expect(grades[1]!.worstStretch!.mosMean).toBeCloseTo(4.41 - 0.15 * OUTAGE, 5);
      expect(grades[1]!.worstStretch!.lossMean).toBeCloseTo(OUTAGE, 5);
      expect(grades[1]!.worstStretch!.fromRound).toBeGreaterThanOrEqual(100);
      expect(grades[1]!.worstStretch!.toRound).toBeLessThan(112);
    }
  });

  it('does not page anyone for a single bad round', () => {
    const matrix = matrixFromCells([day(100, 1)]);
    expect(gradeAgents(matrix, 'headroom')[0]!.health).toBe('good');
  });

  it('needs ten minutes in a row: two 5-minute rounds, ten 1-minute rounds', () => {
    expect(sustainedRounds(300, 288)).toBe(2);
    expect(sustainedRounds(60, 60)).toBe(10);
    expect(sustainedRounds(3600, 24)).toBe(2);
    // Never more rounds than the window has: an hourly test over one hour has one.
    expect(sustainedRounds(3600, 1)).toBe(1);
    const nineMinutes = Array.from({ length: 60 }, (_, r): TestCell =>
      r >= 20 && r < 29 ? OUTAGE : GOOD,
    );
    expect(gradeAgents(matrixFromCells([nineMinutes], 60), 'headroom')[0]!.health).toBe('good');
    nineMinutes[29] = OUTAGE;
    expect(gradeAgents(matrixFromCells([nineMinutes], 60), 'headroom')[0]!.health).toBe('poor');
  });

  it('skips rounds without a MOS inside a stretch instead of breaking it', () => {
    const cells = day(100, 3);
    cells[101] = 'E';
    expect(gradeAgents(matrixFromCells([cells]), 'headroom')[0]!.health).toBe('poor');
  });

  it('chooses absolute bands with mos, headroom to the ceiling by default', () => {
    // MOS 4.05 against a 4.41 ceiling: 0.36 below it (fair by headroom), above 4.0 (good by MOS).
    const cells = Array.from({ length: 12 }, (): TestCell => 2.4);
    const matrix = matrixFromCells([cells]);
    expect(gradeAgents(matrix, 'headroom')[0]!.health).toBe('fair');
    expect(gradeAgents(matrix, 'mos')[0]!.health).toBe('good');
    expect(healthOfBadness('mos', -3.6)).toBe('fair');
    expect(healthOfBadness('mos', -3.59)).toBe('poor');
    expect(describeBands('mos')).toBe('MOS: good ≥ 4.0 · fair 3.6–4.0 · poor < 3.6');
    expect(describeBands('headroom')).toContain('poor ≥ 1');
  });

  it('uses the same bands as the MOS colours', () => {
    const ceiling = 4.41;
    for (const headroom of [0, 0.1, 0.249, HEADROOM_BANDS.fairFrom, 0.5, 0.99, 1, 1.5, 3]) {
      expect(healthOfBadness('headroom', headroom)).toBe(
        healthOf('mos', ceiling - headroom, ceiling),
      );
    }
  });

  it('has no grade without enough MOS rounds', () => {
    const grades = gradeAgents(
      matrixFromCells([
        ['E', 'E', 'E'],
        ['.', '.', '.'],
      ]),
      'headroom',
    );
    expect(grades.map((grade) => grade.health)).toEqual([undefined, undefined]);
    expect(grades[0]!.errorRounds).toBe(3);
  });
});

describe('worstSustained', () => {
  it('finds the worst level held throughout a run of the given length', () => {
    expect(worstSustained([0, 5, 1, 4, 4, 0], 2)).toEqual({ level: 4, from: 3, to: 4 });
    expect(worstSustained([0, 5, 1, 4, 4, 0], 1)).toEqual({ level: 5, from: 1, to: 1 });
    expect(worstSustained([3, 1], 3)).toBeUndefined();
  });
});

describe('worstFirstOrder', () => {
  it('puts poor before fair, agents with only errors before good ones, silent agents last', () => {
    const matrix = matrixFromCells([
      day(), // good
      day(10, 5).map((cell) => (cell === OUTAGE ? 3 : cell)), // fair (0.45 below)
      Array.from({ length: ROUNDS_A_DAY }, (): TestCell => '.'), // nothing
      Array.from({ length: ROUNDS_A_DAY }, (): TestCell => 'E'), // errors only
      day(10, 5), // poor
      day(10, 50), // poor, the same depth: ties break by name
    ]);
    expect(worstFirstOrder(gradeAgents(matrix, 'headroom'))).toEqual([4, 5, 1, 3, 0, 2]);
  });

  it('orders agents of one band by the mean MOS of their worst stretch, as the list shows it', () => {
    // Agent 0 dips deep for one round of its worst pair; agent 1 stays lower throughout its pair.
    const matrix = matrixFromCells([
      [0, 0, 20, 7.5, 0, 0], // worst pair: MOS 1.41 and 3.285 (min 1.125 below)
      [0, 0, 8, 8, 0, 0], // worst pair: MOS 3.21 twice (1.2 below)
    ]);
    const grades = gradeAgents(matrix, 'headroom');
    expect(grades.map((grade) => grade.health)).toEqual(['poor', 'poor']);
    expect(grades[0]!.worstStretch!.mosMean).toBeLessThan(grades[1]!.worstStretch!.mosMean);
    expect(worstFirstOrder(grades)).toEqual([0, 1]);
  });
});

describe('troubleSince', () => {
  const at = (round: number) => PINNED_START_S + round * 300;

  it('says since when a test has been in trouble: the first round of the stretch still running', () => {
    const matrix = matrixFromCells([day(), day(ROUNDS_A_DAY - 12), day(ROUNDS_A_DAY - 30, 30)]);
    expect(troubleSince(matrix, 'headroom')).toEqual({
      health: 'poor',
      sinceRoundId: at(ROUNDS_A_DAY - 30),
      endedRoundId: undefined,
      fromWindowStart: false,
    });
  });

  it('gives the start and end of a stretch that is over', () => {
    const matrix = matrixFromCells([day(100), day(40, 4)]);
    expect(troubleSince(matrix, 'headroom')).toEqual({
      health: 'poor',
      sinceRoundId: at(100),
      endedRoundId: at(111),
      fromWindowStart: false,
    });
  });

  it('reads the latest stretch, not an older one, and nothing for a good test', () => {
    const matrix = matrixFromCells([
      day(10).map((cell, r) => (r >= 200 && r < 203 ? OUTAGE : cell)),
    ]);
    expect(troubleSince(matrix, 'headroom')).toEqual({
      health: 'poor',
      sinceRoundId: at(200),
      endedRoundId: at(202),
      fromWindowStart: false,
    });
    expect(troubleSince(matrixFromCells([day()]), 'headroom')).toBeUndefined();
  });

  it('says when the stretch reaches back to the start of the window', () => {
    expect(troubleSince(matrixFromCells([day(0, ROUNDS_A_DAY)]), 'headroom')).toEqual({
      health: 'poor',
      sinceRoundId: at(0),
      endedRoundId: undefined,
      fromWindowStart: true,
    });
  });
});
