import { describe, expect, it } from 'vitest';
import { labelColumnPx, layoutBelowHeader, placeRowLabels, wallLayout } from './wall-layout.ts';

describe('wallLayout', () => {
  it('sizes names and figures 20 px and the headline state 32 px on a 1080p wall', () => {
    const layout = wallLayout({
      viewportWidth: 1920,
      viewportHeight: 1080,
      testCount: 6,
      mode: 'grid',
      agentCount: 30,
    });
    expect(layout.namePx).toBe(20);
    expect(layout.headlinePx).toBe(32);
    expect(layout.remPx).toBe(20);
    expect([layout.columns, layout.rows, layout.size]).toEqual([3, 2, 'grid']);
  });

  it('keeps the same physical size at 4K: twice the pixels', () => {
    const layout = wallLayout({
      viewportWidth: 3840,
      viewportHeight: 2160,
      testCount: 1,
      mode: 'grid',
      agentCount: 200,
    });
    expect(layout.namePx).toBe(40);
    expect(layout.headlinePx).toBe(64);
    expect(layout.size).toBe('full');
  });

  it('follows the tighter side of an unusual screen, so nothing outgrows it', () => {
    const layout = wallLayout({
      viewportWidth: 1920,
      viewportHeight: 540,
      testCount: 1,
      mode: 'grid',
      agentCount: 30,
    });
    expect(layout.namePx).toBe(10);
  });

  it('names more agents on a single-test wall than in a crowded grid, never more than there are', () => {
    const at = (testCount: number, agentCount = 200) =>
      wallLayout({ viewportWidth: 1920, viewportHeight: 1080, testCount, mode: 'grid', agentCount })
        .worstCount;
    expect(at(1)).toBe(8);
    expect(at(6)).toBe(3);
    expect(at(9)).toBe(2);
    expect(at(16)).toBe(1);
    expect(at(1, 5)).toBe(5);
  });
});

describe('wallLayout by mode', () => {
  const layout = (testCount: number, mode: 'rotate' | 'grid', width = 1920, height = 1080) =>
    wallLayout({ viewportWidth: width, viewportHeight: height, testCount, mode, agentCount: 30 });

  it('shows one test at a time in rotation, full size, with its MOS chart and eight agents', () => {
    const rotation = layout(6, 'rotate');
    expect([rotation.columns, rotation.rows, rotation.size]).toEqual([1, 1, 'full']);
    expect(rotation.showChart).toBe(true);
    expect(rotation.worstCount).toBe(8);
  });

  it('grids every test, and leaves out the MOS chart from two rows of panels on', () => {
    expect([layout(2, 'grid').columns, layout(2, 'grid').rows]).toEqual([2, 1]);
    expect(layout(2, 'grid').showChart).toBe(true);
    const six = layout(6, 'grid');
    expect([six.columns, six.rows, six.size, six.showChart]).toEqual([3, 2, 'grid', false]);
    expect([layout(10, 'grid').columns, layout(10, 'grid').rows]).toEqual([4, 3]);
  });

  it('sizes the heatmaps’ labels, ticks and reserve with the type, so 4K is 1080p doubled', () => {
    const hd = layout(6, 'grid');
    const uhd = layout(6, 'grid', 3840, 2160);
    expect(hd.labelRowPx).toBe(24);
    expect(uhd.labelRowPx).toBe(48);
    expect(uhd.tickSpacingPx).toBe(2 * hd.tickSpacingPx);
    expect(uhd.heatmapReservePx).toBe(2 * hd.heatmapReservePx);
    expect(hd.chartFontPx).toBe(14);
    // A panel of the grid keeps room for a legend on two lines; a full panel for one.
    expect(hd.heatmapReservePx).toBeGreaterThan(layout(1, 'rotate').heatmapReservePx);
  });

  it('gives the label column the longest name, within half the block', () => {
    expect(labelColumnPx(1000, 10, 20)).toBe(134);
    expect(labelColumnPx(200, 40, 20)).toBe(100);
  });
});

describe('layoutBelowHeader', () => {
  const input = { viewportWidth: 1920, viewportHeight: 1080, agentCount: 30 } as const;

  it('names one agent fewer in a grid panel whose header carries the yesterday mark', () => {
    const grid = wallLayout({ ...input, testCount: 6, mode: 'grid' });
    expect(grid.worstCount).toBe(3);
    expect(layoutBelowHeader(grid, 1).worstCount).toBe(2);
    expect(layoutBelowHeader(grid, 0)).toBe(grid);
  });

  it('always names the worst agent, and leaves a full panel as it is', () => {
    const crowded = wallLayout({ ...input, testCount: 16, mode: 'grid' });
    expect(crowded.worstCount).toBe(1);
    expect(layoutBelowHeader(crowded, 1).worstCount).toBe(1);
    const full = wallLayout({ ...input, testCount: 1, mode: 'grid' });
    expect(layoutBelowHeader(full, 1)).toBe(full);
  });
});

describe('placeRowLabels', () => {
  it('labels every row where rows are taller than a label', () => {
    const labels = placeRowLabels({ rowCount: 10, heightPx: 300, labelPx: 24, labelledWorst: 3 });
    expect(labels.map((label) => label.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(labels[0]!.centrePx).toBe(15);
  });

  it('always labels the worst rows, stacked below each other, when rows are thin', () => {
    // 200 agents in 400 px: 2 px rows, 24 px labels.
    const labels = placeRowLabels({ rowCount: 200, heightPx: 400, labelPx: 24, labelledWorst: 8 });
    expect(labels.slice(0, 8).map((label) => label.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(labels.slice(0, 3).map((label) => label.centrePx)).toEqual([12, 36, 60]);
    // Below them, only rows whose own label has room, never overlapping and never past the end.
    for (let i = 1; i < labels.length; i++) {
      expect(labels[i]!.centrePx - labels[i - 1]!.centrePx).toBeGreaterThanOrEqual(24);
    }
    expect(labels.at(-1)!.centrePx + 12).toBeLessThanOrEqual(400.5);
    expect(labels.length).toBe(Math.floor(400 / 24));
  });

  it('keeps within the height even when fewer worst rows fit than asked', () => {
    const labels = placeRowLabels({ rowCount: 200, heightPx: 60, labelPx: 24, labelledWorst: 3 });
    expect(labels.map((label) => label.position)).toEqual([0, 1]);
  });

  it('names the worst agent of a heatmap shorter than a line, in the room beside the time axis', () => {
    expect(placeRowLabels({ rowCount: 200, heightPx: 20, labelPx: 24, labelledWorst: 3 })).toEqual(
      [],
    );
    expect(
      placeRowLabels({
        rowCount: 200,
        heightPx: 20,
        labelPx: 24,
        labelledWorst: 3,
        overhangPx: 24,
      }),
    ).toEqual([{ position: 0, centrePx: 12 }]);
  });

  it('labels nothing without rows or room', () => {
    expect(placeRowLabels({ rowCount: 0, heightPx: 300, labelPx: 24, labelledWorst: 3 })).toEqual(
      [],
    );
    expect(placeRowLabels({ rowCount: 5, heightPx: 0, labelPx: 24, labelledWorst: 3 })).toEqual([]);
  });
});
