// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoundSummary } from '../../lib/model.ts';
import { createCrosshairStore } from '../../lib/crosshair.ts';
import { MosOverviewChart } from './mos-overview-chart.tsx';

afterEach(cleanup);

const T0 = 1_764_165_600;
const rounds: RoundSummary[] = [0, 1, 2, 3, 4].map((i) => ({
  roundId: T0 + i * 300,
  agentsReporting: 3,
  mosMedian: 4.2,
  mosP5: 3.7,
  codecMaxMos: 4.41,
}));
const startMs = T0 * 1000;
const endMs = (T0 + 4 * 300) * 1000;

function renderChart() {
  const onZoom = vi.fn<(startMs: number, endMs: number) => void>();
  const onZoomOut = vi.fn();
  const crosshair = createCrosshairStore();
  // 452 px wide: the plot runs from the 36 px axis to 16 px before the right edge, 400 px.
  render(
    <MosOverviewChart
      rounds={rounds}
      timeZone="utc"
      width={452}
      onZoom={onZoom}
      onZoomOut={onZoomOut}
      crosshair={crosshair}
    />,
  );
  return { chart: screen.getByTestId('mos-overview'), onZoom, onZoomOut, crosshair };
}

describe('<MosOverviewChart> time navigation', () => {
  it('zooms to the time a drag covers, whichever way it went', () => {
    const { chart, onZoom } = renderChart();
    fireEvent.mouseDown(chart, { button: 0, clientX: 336 });
    fireEvent.mouseMove(chart, { clientX: 136 });
    expect(chart.querySelector('.recharts-reference-area')).not.toBeNull();
    fireEvent.mouseUp(chart, { clientX: 136 });
    const [from, to] = onZoom.mock.calls[0] ?? [];
    expect(from).toBe(startMs + (100 / 400) * (endMs - startMs));
    expect(to).toBe(startMs + (300 / 400) * (endMs - startMs));
  });

  it('does not zoom on a click, and zooms out on a double-click', () => {
    const { chart, onZoom, onZoomOut } = renderChart();
    fireEvent.mouseDown(chart, { button: 0, clientX: 200 });
    fireEvent.mouseUp(chart, { clientX: 202 });
    expect(onZoom).not.toHaveBeenCalled();
    fireEvent.doubleClick(chart);
    expect(onZoomOut).toHaveBeenCalledTimes(1);
  });

  it('writes the time hovered to the crosshair, and draws a time pointed at elsewhere', () => {
    const { chart, crosshair } = renderChart();
    fireEvent.mouseMove(chart, { clientX: 236 });
    expect(crosshair.get()?.timeMs).toBe((startMs + endMs) / 2);
    const line = screen.getByTestId('mos-crosshair');
    expect(line.style.display).toBe('none'); // the chart's own tooltip is the readout
    act(() => crosshair.set({ timeMs: startMs + 300_000, source: 'a heatmap' }));
    expect(line.style.display).toBe('block');
    expect(line.dataset.crosshairTime).toBe(String(startMs + 300_000));
    expect(line.style.transform).toBe('translateX(136px)');
    fireEvent.mouseLeave(chart);
    expect(crosshair.get()?.source).toBe('a heatmap');
  });
});
