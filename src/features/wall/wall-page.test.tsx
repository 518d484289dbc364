// @vitest-environment jsdom
// The wall's clock ticks every second, but only the parts that show seconds (the clock, the
// rotation's progress) re-render with it: the page, and so every panel, heatmap and chart, only
// when the data or the rotation's turn changes.
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../api/query-client.ts';
import { bundleBuildId } from './use-build-reload.ts';
import { WallPage } from './wall-page.tsx';

/** Every render the page asks of a panel (the panel itself is memoised behind this). */
const panelRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./wall-panel.tsx', async (importOriginal) => {
  const original = await importOriginal<typeof import('./wall-panel.tsx')>();
  return {
    ...original,
    WallPanel: (props: ComponentProps<typeof original.WallPanel>) => {
      panelRenders.count++;
      return <original.WallPanel {...props} />;
    },
  };
});

/** 5 s past a rotation turn (30 s) and into a 60 s round: 2026-01-31T13:00:05Z. */
const START_MS = Date.UTC(2026, 0, 31, 13, 0, 5);

function voiceTest(testId: string, testName: string) {
  return {
    testId,
    testName,
    type: 'voice',
    interval: 60,
    enabled: true,
    alertsEnabled: false,
    codec: 'G.711 @ 64 Kbps',
    codecId: '0',
    server: 'sip.example.net:5060',
  };
}

/** The MOS of a round: 4.1 unless a test below sets today's and yesterday's apart. */
let mosOf: (roundMs: number) => number;
/** Refuse the requests for the window a day back (a test below). */
let refuseYesterday: boolean;
/** How many requests for the window a day back were refused. */
let refusedYesterday: number;

/** More than 12 h before the test's start: the window a day back. */
const isYesterday = (ms: number) => ms < START_MS - 12 * 3_600_000;

/** One row a round for one agent over the asked range (to now when it has no end). */
function results(url: URL) {
  const startMs = Date.parse(url.searchParams.get('startDate') ?? '');
  const endMs = Date.parse(url.searchParams.get('endDate') ?? '') || Date.now();
  const rows = [];
  for (let ms = Math.ceil(startMs / 60_000) * 60_000; ms < endMs - 60_000; ms += 60_000) {
    rows.push({
      roundId: ms / 1000,
      agent: { agentId: '1', agentName: 'Cairo' },
      mos: mosOf(ms),
      codecMaxMos: 4.41,
    });
  }
  return { results: rows, _links: {} };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime(START_MS);
  panelRenders.count = 0;
  mosOf = () => 4.1;
  refuseYesterday = false;
  refusedYesterday = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    let body: unknown = { title: 'Not Found' };
    if (url.pathname === '/api/earshot/config') {
      // The bundle's own build: no reload is announced.
      body = { mode: 'simulator', apiVersion: 'v7', buildId: bundleBuildId() ?? 'test' };
    } else if (url.pathname === '/api/v7/tests/voice') {
      body = { tests: [voiceTest('6627', 'Cairo SIP trunk'), voiceTest('6628', 'Berlin PBX')] };
    } else if (/^\/api\/v7\/test-results\/\d+\/rtp-server$/.test(url.pathname)) {
      const startMs = Date.parse(url.searchParams.get('startDate') ?? '');
      if (refuseYesterday && isYesterday(startMs)) {
        refusedYesterday++;
        return new Response(JSON.stringify({ title: 'Service Unavailable' }), { status: 503 });
      }
      body = results(url);
    } else {
      return new Response(JSON.stringify(body), { status: 404 });
    }
    return new Response(JSON.stringify(body), { status: 200 });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the wall over a minute', () => {
  it('ticks its clock every second, and re-renders its panels only at a rotation turn', async () => {
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter initialEntries={['/wall?tests=6627,6628&rotate=30&shift=0']}>
          <WallPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    // Loaded, and idle (the cursor and the full-screen button hide after 3 s without input).
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    expect(screen.getByRole('heading', { name: 'Cairo SIP trunk' })).toBeDefined();
    expect(screen.getByTestId('wall-panel').textContent).toContain('every 1 min');
    const clock = screen.getByTestId('wall-clock');
    const progress = screen.getByRole('progressbar', { name: 'Time until the next test' });
    expect(clock.textContent).toContain('13:00:09');

    // 15 s, all within the first test's turn, with no new data (the next refresh is at 13:00:30).
    panelRenders.count = 0;
    const seen = new Set<string | null>();
    for (let second = 0; second < 15; second++) {
      await act(() => vi.advanceTimersByTimeAsync(1_000));
      seen.add(progress.getAttribute('aria-valuenow'));
    }
    expect(clock.textContent).toContain('13:00:24');
    expect(seen.size).toBe(15); // the progress bar moved every second
    expect(panelRenders.count).toBe(0);

    // Past the turn at 13:00:30: the other test's panel.
    await act(() => vi.advanceTimersByTimeAsync(8_000));
    expect(screen.getByRole('heading', { name: 'Berlin PBX' })).toBeDefined();
    expect(panelRenders.count).toBeGreaterThan(0);
    expect(panelRenders.count).toBeLessThanOrEqual(3); // the turn, the refresh's data
  });
});

function renderWall(address: string) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[address]}>
        <WallPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('worse than yesterday', () => {
  it('marks a test graded poor now and good over the same window yesterday', async () => {
    mosOf = (ms) => (isYesterday(ms) ? 4.35 : 3.2);
    renderWall('/wall?tests=6627&shift=0');
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    expect(screen.getByTestId('wall-health').textContent).toContain('poor');
    const mark = screen.getByRole('img', {
      name: 'Worse than at the same time yesterday: good then, poor now',
    });
    expect(mark.textContent).toBe('worse than yesterday: good → poor');
  });

  it('says nothing when yesterday was as bad, or when the mark is off', async () => {
    mosOf = () => 3.2;
    renderWall('/wall?tests=6627&shift=0');
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    expect(screen.getByTestId('wall-health').textContent).toContain('poor');
    expect(screen.queryByTestId('wall-yesterday')).toBeNull();
    cleanup();

    mosOf = (ms) => (isYesterday(ms) ? 4.35 : 3.2);
    renderWall('/wall?tests=6627&shift=0&yesterday=0');
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    expect(screen.getByTestId('wall-health').textContent).toContain('poor');
    expect(screen.queryByTestId('wall-yesterday')).toBeNull();
  });

  it('says nothing, and keeps the test fresh, when yesterday cannot be read', async () => {
    mosOf = (ms) => (isYesterday(ms) ? 4.35 : 3.2);
    refuseYesterday = true;
    renderWall('/wall?tests=6627&shift=0');
    // Past the data layer's retries of a 503 (1, 2 and 4 s), and past two refreshes.
    await act(() => vi.advanceTimersByTimeAsync(150_000));
    expect(refusedYesterday).toBeGreaterThan(0);
    expect(screen.getByTestId('wall-health').textContent).toContain('poor');
    expect(screen.queryByTestId('wall-yesterday')).toBeNull();
    expect(screen.queryByTestId('wall-stale')).toBeNull();
    expect(screen.getByTestId('wall-panel').textContent).not.toMatch(/unavailable|failed/i);
  });
});
