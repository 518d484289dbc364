// @vitest-environment jsdom
// compare=1w through the interval data path: only last week's closed ranges are asked for, the
// earlier rounds come back moved under this week's, and each agent's change is worked out.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentSummary } from '../../lib/model.ts';
import type { ComparePeriod } from '../../lib/period-comparison.ts';
import { hourlyResultsFor } from '../../api/test-support/hourly-results.ts';
import { usePreviousPeriod } from './use-previous-period.ts';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
const NOW_MS = Date.UTC(2026, 0, 31, 12, 20);

let asked: string[];

/** Last week's rounds: MOS 4.0 and 1 % loss. */
const PREVIOUS_ROW = { codecMaxMos: 4.41, loss: 1, latency: 30 };

beforeEach(() => {
  asked = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    return new Response(JSON.stringify(hourlyResultsFor(url, PREVIOUS_ROW)), { status: 200 });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const current: AgentSummary[] = [
  {
    agentId: '1',
    agentName: 'a',
    countryId: '',
    roundsReported: 3,
    errorRounds: 0,
    mosMean: 4.3,
    mosMin: 4.3,
    mosP5: 4.3,
    codecMaxMos: 4.41,
    mosHeadroom: 0.11,
    lossMean: 0.4,
    lossMax: 0.4,
    latencyP50: 30,
    latencyP95: 30,
    pdvMean: 1,
  },
];

function render(compare: ComparePeriod | undefined) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return renderHook(
    () =>
      usePreviousPeriod(
        {
          apiVersion: 'v7',
          aid: undefined,
          testId: '6627',
          intervalSeconds: 3600,
          range: { kind: 'relative', windowSeconds: 3 * 3600 },
          compare,
        },
        current,
        () => NOW_MS,
      ),
    {
      wrapper: ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      ),
    },
  );
}

describe('usePreviousPeriod', () => {
  it('asks for nothing without compare', async () => {
    const { result } = render(undefined);
    expect(result.current).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toEqual([]);
  });

  it("asks only for last week's closed ranges, and moves its rounds under this week's", async () => {
    const { result } = render('1w');
    await waitFor(() => expect(result.current?.changes).toBeDefined());
    // The window ends at the last round boundary (12:00), a week back: 09:00–12:00 a week ago.
    const end = Date.UTC(2026, 0, 31, 12) - WEEK_MS;
    expect(asked.length).toBeGreaterThan(0);
    for (const url of asked) {
      const params = new URL(url, 'http://127.0.0.1').searchParams;
      expect(Date.parse(params.get('startDate') ?? '')).toBeGreaterThanOrEqual(end - 3 * HOUR_MS);
      expect(Date.parse(params.get('endDate') ?? '')).toBeLessThanOrEqual(end);
    }
    const roundIds = result.current?.rounds?.map((round) => round.roundId * 1000);
    expect(roundIds).toEqual([9, 10, 11].map((hour) => Date.UTC(2026, 0, 31, hour)));
    const change = result.current?.changes?.get('1');
    expect(change?.mosMean).toBeCloseTo(0.3, 12);
    expect(change?.lossMean).toBeCloseTo(-0.6, 12);
  });
});
