// The bench-only page: loads one scale's matrix, then renders Earshot's canvas heatmap or the
// recharts SVG comparison, and reports "data ready → painted" and "input → next frame".
// Driven by bench/browser-figures.ts through window.earshotBench.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type RoundsMatrix } from '../../src/lib/model.ts';
import { HEATMAP_METRICS } from '../../src/lib/metrics.ts';
import { Heatmap } from '../../src/features/heatmap/heatmap.tsx';
import { RechartsHeatmap } from './recharts-heatmap.tsx';
import '../../src/app/global.css';

interface Meta {
  agents: RoundsMatrix['agents'];
  intervalSeconds: number;
  roundCount: number;
  cellCount: number;
}

type View = { kind: 'none' } | { kind: 'canvas' | 'recharts'; matrix: RoundsMatrix };

let setView: (view: View) => void = () => {};
let matrix: RoundsMatrix | undefined;

function BenchApp() {
  const [view, update] = useState<View>({ kind: 'none' });
  setView = update;
  if (view.kind === 'canvas') {
    return <Heatmap matrix={view.matrix} metric="loss" timeZone="utc" showExport={false} />;
  }
  if (view.kind === 'recharts') {
    return (
      <RechartsHeatmap matrix={view.matrix} width={1200} height={defaultHeight(view.matrix)} />
    );
  }
  return null;
}

function defaultHeight(m: RoundsMatrix): number {
  const count = m.agents.length;
  const perRow = count <= 20 ? 22 : count <= 60 ? 12 : 4;
  return Math.min(640, Math.max(44, count * perRow));
}

async function load(name: string): Promise<void> {
  const meta = (await (await fetch(`/data/${name}.json`)).json()) as Meta;
  const buffer = await (await fetch(`/data/${name}.bin`)).arrayBuffer();
  const cells = meta.cellCount;
  let offset = 0;
  const take = <T,>(
    make: (buffer: ArrayBuffer, offset: number, length: number) => T,
    length: number,
    bytes: number,
  ): T => {
    const view = make(buffer, offset, length);
    offset += length * bytes;
    return view;
  };
  const roundIds = take((b, o, n) => new Float64Array(b, o, n), meta.roundCount, 8);
  const values = {} as RoundsMatrix['values'];
  for (const metric of HEATMAP_METRICS) {
    values[metric] = take((b, o, n) => new Float32Array(b, o, n), cells, 4);
  }
  const codecMaxMos = take((b, o, n) => new Float32Array(b, o, n), cells, 4);
  const rowIndex = take((b, o, n) => new Int32Array(b, o, n), cells, 4);
  const cellState = take((b, o, n) => new Uint8Array(b, o, n), cells, 1);
  matrix = {
    agents: meta.agents,
    roundIds,
    intervalSeconds: meta.intervalSeconds,
    cellState,
    values,
    codecMaxMos,
    rowIndex,
  };
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Resolves after the frame in which `done()` first holds has been rendered. */
async function frameWhen(done: () => boolean, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    await nextFrame();
    if (done()) {
      // A task queued from the frame runs after its style, layout and paint.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      return performance.now();
    }
    if (performance.now() - started > timeoutMs) return undefined;
  }
}

function canvasHasCells(): boolean {
  const canvas = document.querySelector('canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const context = canvas.getContext('2d');
  if (!context) return false;
  const pixel = context.getImageData(
    Math.floor(canvas.width / 2),
    Math.floor(canvas.height / 2),
    1,
    1,
  );
  return (pixel.data[3] ?? 0) > 0;
}

async function render(kind: 'canvas' | 'recharts', timeoutMs: number): Promise<number | undefined> {
  if (!matrix) throw new Error('load() first');
  performance.mark('bench:data-ready');
  const readyAt = performance.now();
  setView({ kind, matrix });
  const done =
    kind === 'canvas' ? canvasHasCells : () => document.querySelector('[data-last-cell]') !== null;
  const paintedAt = await frameWhen(done, timeoutMs);
  return paintedAt === undefined ? undefined : paintedAt - readyAt;
}

// Input → next frame, measured in the page so Playwright's round trips never count: to the end
// of the first frame that shows a change in the heatmap's DOM (hover outline, cursor, tooltip),
// from two starts: the input event's timestamp (includes the time the event waited to be
// dispatched; Chromium holds mouse moves for the next frame) and the moment the page's listener
// ran (the page's own work: handler, React render, style, layout, paint). The first mutation
// after an input schedules a rAF; a task queued from that rAF runs after the frame's paint.
export interface InputLatency {
  fromEventMs: number;
  fromHandlerMs: number;
}

let pendingInput: { eventAt: number; handledAt: number; seen: boolean } | undefined;
const latencies: InputLatency[] = [];

function armInputs(): void {
  const target = document.querySelector('[role="img"]');
  const root = document.getElementById('root');
  if (!target || !root) throw new Error('no heatmap on the page');
  const onInput = (event: Event) => {
    pendingInput = { eventAt: event.timeStamp, handledAt: performance.now(), seen: false };
  };
  target.addEventListener('mousemove', onInput, { capture: true });
  target.addEventListener('keydown', onInput, { capture: true });
  new MutationObserver(() => {
    const input = pendingInput;
    if (!input || input.seen) return;
    input.seen = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = performance.now();
        latencies.push({ fromEventMs: now - input.eventAt, fromHandlerMs: now - input.handledAt });
      }, 0),
    );
  }).observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
}

/** The latency of the last input, once its frame has been shown (undefined: no change in 1 s). */
async function nextInputLatency(): Promise<InputLatency | undefined> {
  const started = performance.now();
  while (latencies.length === 0) {
    if (performance.now() - started > 1000) {
      pendingInput = undefined;
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  pendingInput = undefined;
  return latencies.shift();
}

async function heapUsed(): Promise<number> {
  return (
    (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
  );
}

declare global {
  interface Window {
    earshotBench: {
      load: typeof load;
      render: typeof render;
      armInputs: typeof armInputs;
      nextInputLatency: typeof nextInputLatency;
      heapUsed: typeof heapUsed;
    };
  }
}

window.earshotBench = { load, render, armInputs, nextInputLatency, heapUsed };

const root = document.getElementById('root');
if (root) createRoot(root).render(<BenchApp />);
