import { describe, expect, it } from 'vitest';
import {
  cellAnnouncement,
  describeCell,
  describeSpan,
  formatRoundSpan,
  heatmapLabel,
  heatmapPngFileName,
  heatmapSummary,
  timeTicks,
} from './heatmap-text.ts';
import { PINNED_START_S, matrixFromCells } from '../../lib/fixture-rounds-matrix.ts';

describe('heatmap text', () => {
  it('names each heatmap as the product promises', () => {
    expect(heatmapLabel('loss')).toBe('Loss heatmap');
    expect(heatmapLabel('latency')).toBe('Latency heatmap');
    expect(heatmapLabel('pdv')).toBe('PDV heatmap');
    expect(heatmapLabel('discards')).toBe('Discards heatmap');
    expect(heatmapLabel('mos')).toBe('MOS heatmap');
  });

  it('names the PNG after the metric and test, keeping the file name safe', () => {
    expect(heatmapPngFileName('loss', '281474976710656')).toBe(
      'earshot-loss-heatmap-281474976710656.png',
    );
    expect(heatmapPngFileName('latency', '../x y')).toBe('earshot-latency-heatmap-xy.png');
    expect(heatmapPngFileName('mos', undefined)).toBe('earshot-mos-heatmap.png');
  });

  it('summarises size, window, worst agent, errors and gaps', () => {
    const matrix = matrixFromCells([
      [0, 0, 'E'],
      [8, 8.4, '.'],
    ]);
    matrix.agents[1]!.agentName = 'Tokyo 3';
    expect(heatmapSummary(matrix, 'loss', 'utc')).toBe(
      '2 agents × 3 rounds; 2026-11-26 00:00 UTC to 2026-11-26 00:10 UTC; ' +
        'worst: Tokyo 3, mean loss 8.2 %; 1 error round; 1 round without data.',
    );
    expect(heatmapSummary(matrix, 'mos', 'utc')).toContain(
      'worst: Tokyo 3, mean MOS 3.18, 1.23 below max',
    );
  });

  it('says so when there is nothing to rank', () => {
    const empty = matrixFromCells([['E', '.']]);
    expect(heatmapSummary(empty, 'latency', 'utc')).toContain('no Latency values');
  });

  it('describes a cell for the tooltip in the chosen zone', () => {
    const matrix = matrixFromCells([[0.7, 'E']]);
    expect(describeCell(matrix, 'loss', 0, 0, 'utc')).toEqual({
      agentName: 'Agent 0',
      time: '2026-11-26 00:00 UTC',
      value: 'Loss 0.7 %',
      detail: undefined,
    });
    expect(describeCell(matrix, 'latency', 0, 1, 'utc').value).toBe('Error round');
    expect(describeCell(matrix, 'latency', 0, 1, 'utc', 'No RTP packets received').detail).toBe(
      'No RTP packets received',
    );
    matrix.codecMaxMos[0] = Number.NaN;
    expect(describeCell(matrix, 'mos', 0, 0, 'utc').detail).toBe(
      'codec max unknown · judged against 4.41',
    );
  });

  it('names a pooled pixel’s span: its rounds, the worst value and what else it holds', () => {
    // One-minute rounds from 00:00; rounds 720–729 are 12:00–12:09.
    const cells: (number | 'E' | '.')[] = Array<number>(740).fill(0.1);
    cells[723] = 4.2;
    cells[725] = 'E';
    cells[726] = '.';
    cells[727] = '.';
    const matrix = matrixFromCells([cells], 60);
    expect(describeSpan(matrix, 'loss', 0, 720, 730, 'utc')).toEqual({
      agentName: 'Agent 0',
      time: '2026-11-26 12:00–12:09 UTC',
      value: '10 rounds, worst 4.2 %',
      detail: '1 error round · 2 rounds without data',
    });
    expect(
      describeSpan(matrix, 'loss', 0, 720, 730, 'utc', {
        errorDetail: 'No RTP packets received',
        agentsCovered: 3,
      }).detail,
    ).toBe(
      '1 error round (No RTP packets received) · 2 rounds without data · ' +
        'worst of 3 agents in this pixel row',
    );
    // MOS: the worst is the lowest against the codec ceiling (4.2 % → 3.78 of 4.41).
    expect(describeSpan(matrix, 'mos', 0, 720, 730, 'utc').value).toBe('10 rounds, worst MOS 3.78');
    expect(describeSpan(matrix, 'mos', 0, 720, 730, 'utc').detail).toContain('0.63 below max');
    // Nothing measured: said so, never a 0.
    expect(describeSpan(matrix, 'loss', 0, 725, 728, 'utc').value).toBe('3 rounds, no Loss value');
    // One round: exactly the cell's description.
    expect(describeSpan(matrix, 'loss', 0, 723, 724, 'utc')).toEqual(
      describeCell(matrix, 'loss', 0, 723, 'utc'),
    );
  });

  it('names the agent with its location, over a span and on one round, when it is known', () => {
    const matrix = matrixFromCells([Array<number>(20).fill(0.1)], 60);
    const where = { agentLocation: 'San Jose, CA' };
    expect(describeSpan(matrix, 'loss', 0, 0, 10, 'utc', where).agentName).toBe(
      'Agent 0 (San Jose, CA)',
    );
    const one = describeSpan(matrix, 'loss', 0, 3, 4, 'utc', where);
    expect(one.agentName).toBe('Agent 0 (San Jose, CA)');
    expect(cellAnnouncement(one)).toMatch(/^Agent 0 \(San Jose, CA\), /);
    expect(describeSpan(matrix, 'loss', 0, 3, 4, 'utc', { agentLocation: ' ' }).agentName).toBe(
      'Agent 0',
    );
  });

  it('writes a span’s date once when both ends fall on the same day', () => {
    const start = PINNED_START_S + 12 * 3600;
    expect(formatRoundSpan(start, start + 540, 'utc')).toBe('2026-11-26 12:00–12:09 UTC');
    expect(formatRoundSpan(start, start, 'utc')).toBe('2026-11-26 12:00 UTC');
    expect(formatRoundSpan(start + 11 * 3600 + 55 * 60, start + 12 * 3600 + 240, 'utc')).toBe(
      '2026-11-26 23:55 – 2026-11-27 00:04 UTC',
    );
  });

  it('puts a few time ticks on tidy boundaries, placed by time', () => {
    // 288 five-minute rounds from 00:00: a day; at most 6 ticks → every 6 hours.
    const day = matrixFromCells([Array<number>(288).fill(0)]);
    const ticks = timeTicks(day.roundIds, 300, 6, 'utc');
    expect(ticks.map((t) => t.label)).toEqual(['00:00', '06:00', '12:00', '18:00']);
    expect(ticks.map((t) => t.fraction)).toEqual([0, 0.25, 0.5, 0.75]);
    // A window starting at 00:05 has its first tick at the next boundary.
    const shifted = Float64Array.from({ length: 12 }, (_, i) => PINNED_START_S + 300 + i * 300);
    const hourly = timeTicks(shifted, 300, 1, 'utc');
    expect(hourly.map((t) => t.label)).toEqual(['01:00']);
    expect(hourly[0]!.fraction).toBeCloseTo(11 / 12);
    expect(timeTicks(new Float64Array(0), 300, 5, 'utc')).toEqual([]);
  });
});
