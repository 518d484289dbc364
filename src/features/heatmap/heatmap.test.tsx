// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCrosshairStore, type CrosshairStore } from '../../lib/crosshair.ts';
import { Heatmap } from './heatmap.tsx';
import { matrixFromCells } from '../../lib/fixture-rounds-matrix.ts';

// jsdom has no canvas: a stand-in context that records what the component paints.
const putImageData = vi.fn();
beforeEach(() => {
  putImageData.mockClear();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function () {
    const context = {
      createImageData: (width: number, height: number) => ({
        width,
        height,
        data: new Uint8ClampedArray(width * height * 4),
      }),
      putImageData,
      measureText: (text: string) => ({ width: text.length * 6 }),
    };
    // Everything else the PNG composition calls (fillText, drawImage, …) is a no-op here.
    return new Proxy(context, {
      get: (target, key) => (key in target ? target[key as keyof typeof target] : () => {}),
      set: () => true,
    }) as unknown as CanvasRenderingContext2D;
  } as unknown as HTMLCanvasElement['getContext']);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

// Rounds at 00:00, 00:05, 00:10, 00:15 UTC on 2026-11-26.
const matrix = matrixFromCells([
  [0, 0.7, 'E', '.'],
  [12, 3, 0, 0.2],
  [0, 0, 0, 0],
]);
const rowOrder = [1, 2, 0];
/** The loss heatmap of `matrix` in the rows' order, 400 × 30 px: 100 px a round, 10 px a row. */
const LOSS_400_BY_30 = {
  matrix,
  metric: 'loss',
  rowOrder,
  timeZone: 'utc',
  widthPx: 400,
  heightPx: 30,
} as const;

function renderHeatmap(onOpenCell = vi.fn()) {
  render(<Heatmap {...LOSS_400_BY_30} onOpenCell={onOpenCell} />);
  return { heatmap: screen.getByRole('img', { name: 'Loss heatmap' }), onOpenCell };
}

const cursorOf = (element: HTMLElement) => ({
  agent: element.dataset.cursorAgent,
  round: element.dataset.cursorRound,
});

describe('<Heatmap>', () => {
  it('is an image named after its metric, focusable, described by a summary', async () => {
    const { heatmap } = renderHeatmap();
    expect(heatmap.tabIndex).toBe(0);
    const summary = document.getElementById(heatmap.getAttribute('aria-describedby') ?? '');
    // Worked out after the frame that shows the cells.
    await waitFor(() => expect(summary?.textContent).toContain('3 agents × 4 rounds'));
    expect(summary?.textContent).toContain('worst: Agent 1, mean loss 3.8 %');
    expect(summary?.textContent).toContain('1 error round');
    render(<Heatmap matrix={matrix} metric="pdv" timeZone="utc" widthPx={100} />);
    expect(screen.getByRole('img', { name: 'PDV heatmap' })).toBeTruthy();
  });

  it('moves a cursor with the arrow keys and opens the cell under it with Enter', () => {
    const { heatmap, onOpenCell } = renderHeatmap();
    heatmap.focus();
    // The first key puts the cursor on the latest round of the top row (agent 1).
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '3' });
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft' });
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    expect(cursorOf(heatmap)).toEqual({ agent: '2', round: '2' });
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' }); // stays on the last row
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft' });
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '1' });
    fireEvent.keyDown(heatmap, { key: 'Enter' });
    expect(onOpenCell).toHaveBeenCalledTimes(1);
    expect(onOpenCell).toHaveBeenLastCalledWith(0, 1);
    // What a screen reader hears for the cursor cell.
    expect(screen.getByText('Agent 0, 2026-11-26 00:05 UTC, Loss 0.7 %')).toBeTruthy();
  });

  it('jumps with Home, End, PageUp and PageDown, and never leaves the matrix', () => {
    const { heatmap, onOpenCell } = renderHeatmap();
    heatmap.focus();
    fireEvent.keyDown(heatmap, { key: 'Home' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '0' });
    fireEvent.keyDown(heatmap, { key: 'PageDown' });
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '0' });
    fireEvent.keyDown(heatmap, { key: 'End' });
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '3' });
    fireEvent.keyDown(heatmap, { key: 'PageUp' });
    fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    fireEvent.keyDown(heatmap, { key: 'ArrowUp' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '3' });
    fireEvent.keyDown(heatmap, { key: 'End', ctrlKey: true });
    fireEvent.keyDown(heatmap, { key: ' ' });
    expect(onOpenCell).toHaveBeenLastCalledWith(0, 3);
  });

  it('follows the selected cell it is given, and keeps the cursor on its agent when re-sorted', () => {
    const props = { matrix, metric: 'loss' as const, timeZone: 'utc' as const, widthPx: 400 };
    const { rerender } = render(
      <Heatmap {...props} rowOrder={[1, 2, 0]} selectedCell={{ agentIndex: 2, roundIndex: 1 }} />,
    );
    const heatmap = screen.getByRole('img', { name: 'Loss heatmap' });
    expect(cursorOf(heatmap)).toEqual({ agent: '2', round: '1' });
    // The URL moves on (back button): the cursor follows.
    rerender(
      <Heatmap {...props} rowOrder={[1, 2, 0]} selectedCell={{ agentIndex: 0, roundIndex: 3 }} />,
    );
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '3' });
    // Sorted differently, the cursor stays on agent 0, now on top: Down reaches agent 2.
    rerender(
      <Heatmap {...props} rowOrder={[0, 2, 1]} selectedCell={{ agentIndex: 0, roundIndex: 3 }} />,
    );
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '3' });
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    expect(cursorOf(heatmap)).toEqual({ agent: '2', round: '3' });
  });

  it('opens the clicked cell, found by index arithmetic', () => {
    const { heatmap, onOpenCell } = renderHeatmap();
    // 400 × 30 px, 4 rounds × 3 rows: (350, 25) is round 3 of the bottom row (agent 0).
    fireEvent.click(heatmap, { clientX: 350, clientY: 25 });
    expect(onOpenCell).toHaveBeenLastCalledWith(0, 3);
    fireEvent.click(heatmap, { clientX: 10, clientY: 2 });
    expect(onOpenCell).toHaveBeenLastCalledWith(1, 0);
  });

  it('shows a tooltip on hover without repainting the cells', () => {
    const { heatmap } = renderHeatmap();
    expect(putImageData).toHaveBeenCalledTimes(1);
    fireEvent.mouseMove(heatmap, { clientX: 150, clientY: 25 });
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip.textContent).toContain('Agent 0');
    expect(tooltip.textContent).toContain('2026-11-26 00:05 UTC');
    expect(tooltip.textContent).toContain('Loss 0.7 %');
    fireEvent.mouseMove(heatmap, { clientX: 250, clientY: 25 });
    expect(screen.getByRole('tooltip').textContent).toContain('Error round');
    fireEvent.mouseMove(heatmap, { clientX: 350, clientY: 25 });
    expect(screen.getByRole('tooltip').textContent).toContain('No data');
    heatmap.focus();
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft' });
    fireEvent.mouseLeave(heatmap);
    expect(putImageData).toHaveBeenCalledTimes(1);
  });

  it('on a long window, hovers and steps by pixel columns and names the rounds each covers', () => {
    // 2 agents × 40 five-minute rounds on 10 px: 4 rounds per pixel column.
    const cells = (bad: number, value: number) =>
      Array.from({ length: 40 }, (_, r): number | 'E' | '.' => (r === bad ? value : 0));
    const long = matrixFromCells([cells(6, 12), cells(13, 3)]);
    const onOpenCell = vi.fn();
    render(
      <Heatmap
        matrix={long}
        metric="loss"
        timeZone="utc"
        widthPx={10}
        heightPx={20}
        onOpenCell={onOpenCell}
      />,
    );
    const heatmap = screen.getByRole('img', { name: 'Loss heatmap' });
    // Pixel column 1 of agent 0 covers rounds 4–7 (00:20–00:35), with 12 % in round 6.
    fireEvent.mouseMove(heatmap, { clientX: 1.5, clientY: 5 });
    const tooltip = screen.getByRole('tooltip').textContent;
    expect(tooltip).toContain('2026-11-26 00:20–00:35 UTC');
    expect(tooltip).toContain('4 rounds, worst 12 %');
    // A click opens the round whose colour the pixel shows.
    fireEvent.click(heatmap, { clientX: 1.5, clientY: 5 });
    expect(onOpenCell).toHaveBeenLastCalledWith(0, 6);
    heatmap.focus();
    fireEvent.keyDown(heatmap, { key: 'Home' });
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '0' });
    // One step is one pixel column (4 rounds), landing on the column's worst round.
    fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    expect(cursorOf(heatmap)).toEqual({ agent: '0', round: '6' });
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '4' });
    fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '13' });
    expect(
      screen.getByText('Agent 1, 2026-11-26 01:00–01:15 UTC, 4 rounds, worst 3.0 %'),
    ).toBeTruthy();
    fireEvent.keyDown(heatmap, { key: 'End' });
    expect(cursorOf(heatmap)).toEqual({ agent: '1', round: '36' });
    fireEvent.keyDown(heatmap, { key: 'Enter' });
    expect(onOpenCell).toHaveBeenLastCalledWith(1, 36);
  });

  it('shows the codec ceiling in a MOS tooltip', () => {
    render(<Heatmap matrix={matrix} metric="mos" timeZone="utc" widthPx={400} heightPx={30} />);
    const heatmap = screen.getByRole('img', { name: 'MOS heatmap' });
    fireEvent.mouseMove(heatmap, { clientX: 10, clientY: 15 });
    // Agent 1 round 0: 12 % loss → MOS 4.41 − 1.8 = 2.61 on G.711.
    expect(screen.getByRole('tooltip').textContent).toContain('MOS 2.61');
    expect(screen.getByRole('tooltip').textContent).toContain('codec max 4.41 · 1.80 below max');
  });

  it('downloads a PNG named after the metric and test', async () => {
    const toBlob = vi
      .spyOn(HTMLCanvasElement.prototype, 'toBlob')
      .mockImplementation((callback) => callback(new Blob(['png'], { type: 'image/png' })));
    URL.createObjectURL = vi.fn(() => 'blob:heatmap');
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(`${this.download} ${this.href}`);
    });
    render(<Heatmap matrix={matrix} metric="latency" timeZone="utc" widthPx={400} testId="4242" />);
    fireEvent.click(screen.getByRole('button', { name: 'Download PNG of Latency heatmap' }));
    await vi.waitFor(() =>
      expect(clicked).toEqual(['earshot-latency-heatmap-4242.png blob:heatmap']),
    );
    expect(toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/png');
  });

  it('shows a legend with every step and the no-data and error swatches', () => {
    renderHeatmap();
    const legend = screen.getByRole('list', { name: 'Loss heatmap legend' });
    expect(legend.textContent).toContain('≥ 10 %');
    expect(legend.textContent).toContain('No data');
    expect(legend.textContent).toContain('Error');
    expect(screen.getByRole('button', { name: 'Download PNG of Loss heatmap' })).toBeTruthy();
  });
});

describe('caller-placed row labels (the wall)', () => {
  it('labels exactly the rows given, joining a label placed away from its row to it', () => {
    const { container } = render(
      <Heatmap
        {...LOSS_400_BY_30}
        labelRowPx={24}
        // Rows are 10 px: the first label sits on its row, the second is stacked below it.
        rowLabels={[
          { position: 0, centrePx: 12 },
          { position: 1, centrePx: 36 },
        ]}
      />,
    );
    const labels = Array.from(container.querySelectorAll<HTMLElement>('.heatmap-agent'));
    expect(labels.map((label) => label.textContent)).toEqual(['Agent 1', 'Agent 2']);
    expect(labels.map((label) => label.style.top)).toEqual(['0px', '24px']);
    const connectors = Array.from(
      container.querySelectorAll<HTMLElement>('.heatmap-agent-connector'),
    );
    // Row 0's centre is 5 px, its label's 12 px; row 1's is 15 px, its label's 36 px.
    expect(connectors.map((c) => [c.style.top, c.style.height])).toEqual([
      ['5px', '7px'],
      ['15px', '21px'],
    ]);
  });
});

describe('<Heatmap> time navigation', () => {
  const at = (hh: number, mm: number) => Date.UTC(2026, 10, 26, hh, mm);

  function renderZoomable(crosshair?: CrosshairStore) {
    const onZoom = vi.fn<(startMs: number, endMs: number) => void>();
    const onOpenCell = vi.fn();
    const onZoomOut = vi.fn();
    render(
      <Heatmap
        {...LOSS_400_BY_30}
        onOpenCell={onOpenCell}
        onZoom={onZoom}
        onZoomOut={onZoomOut}
        crosshair={crosshair}
      />,
    );
    return {
      heatmap: screen.getByRole('img', { name: 'Loss heatmap' }),
      onZoom,
      onOpenCell,
      onZoomOut,
    };
  }

  it('zooms to the rounds a drag covers, and opens nothing', () => {
    const { heatmap, onZoom, onOpenCell } = renderZoomable();
    // 400 px, 4 rounds of 5 min: 110 → 290 px touches rounds 1 and 2 (00:05 to 00:15).
    fireEvent.mouseDown(heatmap, { button: 0, clientX: 290, clientY: 5 });
    fireEvent.mouseMove(window, { clientX: 200, clientY: 5 });
    expect(screen.getByTestId('heatmap-selection').style.width).toBe('100px'); // round 2 alone
    fireEvent.mouseMove(window, { clientX: 110, clientY: 5 });
    fireEvent.mouseUp(window, { clientX: 110, clientY: 5 });
    fireEvent.click(heatmap, { clientX: 110, clientY: 5 });
    expect(onZoom).toHaveBeenCalledExactlyOnceWith(at(0, 5), at(0, 15));
    expect(onOpenCell).not.toHaveBeenCalled();
    expect(screen.queryByTestId('heatmap-selection')).toBeNull();
  });

  it('still opens the round on a click without a drag', () => {
    const { heatmap, onZoom, onOpenCell } = renderZoomable();
    fireEvent.mouseDown(heatmap, { button: 0, clientX: 350, clientY: 25 });
    fireEvent.mouseUp(window, { clientX: 352, clientY: 25 });
    fireEvent.click(heatmap, { clientX: 352, clientY: 25 });
    expect(onOpenCell).toHaveBeenCalledWith(0, 3);
    expect(onZoom).not.toHaveBeenCalled();
  });

  it('selects rounds with Shift+arrows and zooms to them with Enter', () => {
    const { heatmap, onZoom, onOpenCell } = renderZoomable();
    heatmap.focus();
    fireEvent.keyDown(heatmap, { key: 'ArrowDown' }); // the cursor on round 3
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft', shiftKey: true });
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft', shiftKey: true });
    expect(document.querySelector('.heatmap-live')?.textContent).toBe(
      'Selected 2026-11-26 00:05 UTC to 2026-11-26 00:20 UTC: Enter zooms to it, Escape cancels',
    );
    fireEvent.keyDown(heatmap, { key: 'Enter' });
    expect(onZoom).toHaveBeenCalledExactlyOnceWith(at(0, 5), at(0, 20));
    expect(onOpenCell).not.toHaveBeenCalled();
    // With no selection, Enter opens the round again; Escape drops a selection.
    fireEvent.keyDown(heatmap, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(heatmap, { key: 'Escape' });
    expect(screen.queryByTestId('heatmap-selection')).toBeNull();
    fireEvent.keyDown(heatmap, { key: 'Enter' });
    expect(onOpenCell).toHaveBeenCalledTimes(1);
    expect(onZoom).toHaveBeenCalledTimes(1);
  });

  it('drops the hover when a zoom brings a smaller matrix under a still pointer', () => {
    const { rerender } = render(
      <Heatmap matrix={matrix} metric="loss" timeZone="utc" widthPx={400} heightPx={30} />,
    );
    fireEvent.mouseMove(screen.getByRole('img', { name: 'Loss heatmap' }), {
      clientX: 350,
      clientY: 2,
    });
    expect(screen.getByRole('tooltip')).toBeTruthy();
    // The top row is still there, round 3 is not.
    const zoomed = matrixFromCells([[0, 0.7]]);
    rerender(<Heatmap matrix={zoomed} metric="loss" timeZone="utc" widthPx={400} heightPx={30} />);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('zooms out on a double-click on the time axis', () => {
    const { onZoomOut } = renderZoomable();
    fireEvent.doubleClick(document.querySelector('.heatmap-time-axis')!);
    expect(onZoomOut).toHaveBeenCalledTimes(1);
  });

  it('shares the round hovered as the crosshair, drawn without repainting the cells', () => {
    const crosshair = createCrosshairStore();
    const { heatmap } = renderZoomable(crosshair);
    expect(putImageData).toHaveBeenCalledTimes(1);
    fireEvent.mouseMove(heatmap, { clientX: 150, clientY: 25 });
    expect(crosshair.get()?.timeMs).toBe(at(0, 5));
    expect(screen.getByTestId('heatmap-crosshair').dataset.crosshairTime).toBe(String(at(0, 5)));
    // Another view points at 00:15: this heatmap draws it too.
    act(() => crosshair.set({ timeMs: at(0, 15), source: 'chart' }));
    expect(screen.getByTestId('heatmap-crosshair').dataset.crosshairTime).toBe(String(at(0, 15)));
    act(() => crosshair.set(undefined));
    expect(screen.getByTestId('heatmap-crosshair').dataset.crosshairTime).toBeUndefined();
    expect(putImageData).toHaveBeenCalledTimes(1);
  });
});
