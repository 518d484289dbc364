// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentSummary, RoundSummary } from '../../lib/model.ts';
import { AgentMosSmallMultiples } from './agent-mos-small-multiples.tsx';
import MosCharts from './mos-charts.tsx';
import { testMatrix, testSummary, type TestAgent } from './fixture-mos-matrix.ts';
import type { AgentAttribution } from '../../lib/window-attribution.ts';

const T0 = 1_764_165_600;

// The overview chart, counted as it renders (and rendered as it is).
const overviewRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./mos-overview-chart.tsx', async (importOriginal) => {
  const original = await importOriginal<typeof import('./mos-overview-chart.tsx')>();
  return {
    ...original,
    MosOverviewChart: (props: Parameters<typeof original.MosOverviewChart>[0]) => {
      overviewRenders.count += 1;
      return createElement(original.MosOverviewChart, props);
    },
  };
});

// jsdom lays nothing out: report a fixed size so recharts' responsive charts draw.
beforeAll(() => {
  class FixedSizeResizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      const entry = {
        target,
        contentRect: { width: 400, height: 200, top: 0, left: 0, right: 400, bottom: 200 },
      } as unknown as ResizeObserverEntry;
      this.callback([entry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal('ResizeObserver', FixedSizeResizeObserver);
});
afterEach(cleanup);

/** `count` agents named "Agent 001"…; agent i has mean MOS 4.4 − i/100, so order = name order. */
function fleet(count: number) {
  const agents: TestAgent[] = [];
  const summaries: AgentSummary[] = [];
  for (let i = 0; i < count; i++) {
    const name = `Agent ${String(i + 1).padStart(3, '0')}`;
    const mos = 4.4 - i / 100;
    agents.push({ agentId: `id-${i}`, agentName: name, mos: [mos, null, mos], ceiling: 4.41 });
    summaries.push(testSummary(`id-${i}`, name, mos, 4.41));
  }
  // Hand the summaries over best first, so only sorting can put the worst first.
  return { matrix: testMatrix(agents, T0, 300), summaries };
}

const rounds: RoundSummary[] = [0, 1, 2].map((i) => ({
  roundId: T0 + i * 300,
  agentsReporting: 3,
  mosMedian: i === 1 ? undefined : 4.2,
  mosP5: i === 1 ? undefined : 3.7,
  codecMaxMos: i === 1 ? undefined : 4.41,
}));

describe('<MosCharts>', () => {
  it('does not render again when the page renders with the same data (a long window streaming in)', () => {
    const { matrix, summaries } = fleet(3);
    const onFocusAgent = () => {};
    const page = (status: string, agents = summaries) => (
      <>
        <p>{status}</p>
        <MosCharts
          matrix={matrix}
          summaries={agents}
          rounds={rounds}
          timeZone="utc"
          onFocusAgent={onFocusAgent}
          // A new object each time, as the page writes it: compared by value.
          pngExport={{ title: 'MOS · 7d', fileName: 'mos.png' }}
        />
      </>
    );
    const { rerender } = render(page('1 of 168 hours loaded'));
    const first = overviewRenders.count;
    expect(first).toBeGreaterThan(0);
    rerender(page('2 of 168 hours loaded'));
    rerender(page('3 of 168 hours loaded'));
    expect(overviewRenders.count).toBe(first);
    // New data renders it again.
    rerender(page('3 of 168 hours loaded', fleet(2).summaries));
    expect(overviewRenders.count).toBeGreaterThan(first);
  });

  it('is a region named "MOS vs codec maximum" with the overview and the agents', () => {
    const { matrix, summaries } = fleet(3);
    render(<MosCharts matrix={matrix} summaries={summaries} rounds={rounds} timeZone="utc" />);
    const region = screen.getByRole('region', { name: 'MOS vs codec maximum' });
    expect(within(region).getByText('Median MOS')).toBeTruthy();
    expect(within(region).getByText('Codec maximum')).toBeTruthy();
    const agentList = within(region).getByRole('list', { name: 'MOS per agent' });
    // Worst headroom (lowest mean against the same ceiling) first.
    expect(
      within(agentList)
        .getAllByText(/^Agent \d+$/)
        .map((el) => el.textContent),
    ).toEqual(['Agent 003', 'Agent 002', 'Agent 001']);
    const worst = within(agentList).getAllByRole('listitem')[0];
    expect(worst?.querySelector('p')?.textContent).toBe('Mean MOS 4.38 · 0.03 below max · good');
    expect(
      within(agentList).getByRole('img', {
        name: 'Agent 003: MOS against the codec maximum; lowest 4.38 at 2025-11-26 14:00 UTC',
      }),
    ).toBeTruthy();
    // One page only: no pager.
    expect(within(region).queryByRole('button', { name: 'Next' })).toBeNull();
  });

  it("labels each agent's card with its dominant cause, or no attribution", () => {
    const { matrix, summaries } = fleet(2);
    const attributions = new Map<string, AgentAttribution>([
      [
        'id-1',
        {
          agentId: 'id-1',
          dominant: 'delay',
          summary: {
            attributed: true,
            gap: 0.3,
            loss: 0,
            delay: 0.28,
            discards: 0,
            unexplained: 0.02,
            attributedRounds: 2,
            unattributedRounds: 0,
          },
        },
      ],
    ]);
    render(
      <MosCharts
        matrix={matrix}
        summaries={summaries}
        rounds={rounds}
        timeZone="utc"
        attributions={attributions}
      />,
    );
    const cards = within(screen.getByRole('list', { name: 'MOS per agent' })).getAllByRole(
      'listitem',
    );
    // Worst first: Agent 002 (id-1) leads.
    expect(within(cards[0]!).getByText('Main cause: delay')).toBeTruthy();
    expect(within(cards[1]!).getByText('Main cause: no attribution')).toBeTruthy();
  });

  it('draws the earlier window as a named faint line when compare is on', () => {
    const { matrix, summaries } = fleet(2);
    const previousRounds = rounds.map((round) => ({ ...round, mosMedian: 3.9 }));
    const { container } = render(
      <MosCharts
        matrix={matrix}
        summaries={summaries}
        rounds={rounds}
        timeZone="utc"
        previousRounds={previousRounds}
        previousName="Median MOS last week (same time)"
      />,
    );
    const region = screen.getByRole('region', { name: 'MOS vs codec maximum' });
    expect(within(region).getByText('Median MOS last week (same time)')).toBeTruthy();
    expect(container.innerHTML).toMatch(/faint: Median MOS last week \(same time\) \(3 points\)/);
  });

  it('keeps the region and its heading while the first load is pending', () => {
    render(
      <MosCharts
        matrix={undefined}
        summaries={undefined}
        rounds={undefined}
        timeZone="utc"
        loading
      />,
    );
    const region = screen.getByRole('region', { name: 'MOS vs codec maximum' });
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(region.querySelector('svg')).toBeNull();
  });
});

describe('<AgentMosSmallMultiples>', () => {
  it('pages through 500 agents 24 at a time, drawing only one page', () => {
    const { matrix, summaries } = fleet(500);
    render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
      />,
    );
    expect(screen.getByText('Agents 1–24 of 500')).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'MOS per agent' })).getAllByRole('listitem'),
    ).toHaveLength(24);
    expect(screen.getByText('Agent 500')).toBeTruthy();
    expect(screen.queryByText('Agent 476')).toBeNull();
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Agents 25–48 of 500')).toBeTruthy();
    expect(screen.getByText('Agent 476')).toBeTruthy();
    expect(screen.queryByText('Agent 500')).toBeNull();
    expect(
      within(screen.getByRole('list', { name: 'MOS per agent' })).getAllByRole('listitem'),
    ).toHaveLength(24);
  }, 60_000);

  it('ends on a short last page with Next disabled', () => {
    const { matrix, summaries } = fleet(30);
    render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Agents 25–30 of 30')).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'MOS per agent' })).getAllByRole('listitem'),
    ).toHaveLength(6);
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('calls onFocusAgent with the agent id when its name is pressed', () => {
    const { matrix, summaries } = fleet(3);
    const onFocusAgent = vi.fn();
    render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
        onFocusAgent={onFocusAgent}
        focusedAgentId="id-1"
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Agent 001' }));
    expect(onFocusAgent).toHaveBeenCalledWith('id-0');
    expect(screen.getByRole('button', { name: 'Agent 002' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it("names each agent with its location, in its title and its chart's label", () => {
    const { matrix, summaries } = fleet(3);
    const locations = new Map([['id-0', 'San Jose, CA']]);
    render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
        onFocusAgent={vi.fn()}
        agentLocationOf={(agentId) => locations.get(agentId)}
      />,
    );
    const title = screen.getByRole('button', { name: 'Agent 001 (San Jose, CA)' });
    expect(title.getAttribute('title')).toBe('Agent 001 (San Jose, CA)');
    expect(screen.getByRole('img', { name: /^Agent 001 \(San Jose, CA\): MOS/ })).toBeTruthy();
    // An agent with no known location keeps its bare name.
    expect(screen.getByRole('button', { name: 'Agent 002' })).toBeTruthy();
  });

  it('opens the page of a focused agent', () => {
    const { matrix, summaries } = fleet(100);
    // Agent 001 is the best, so it sits on the last page (agents 97–100).
    render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
        focusedAgentId="id-0"
      />,
    );
    expect(screen.getByText('Agents 97–100 of 100')).toBeTruthy();
  });

  it('draws the MOS and the ceiling of each agent', () => {
    const { matrix, summaries } = fleet(2);
    const { container } = render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={summaries}
        timeZone="utc"
        chartWidth={300}
      />,
    );
    expect(container.querySelectorAll('.recharts-line').length).toBe(4);
  });

  it('breaks the MOS line at a round without a value instead of drawing it as zero', () => {
    const matrix = testMatrix(
      [{ agentId: 'a', agentName: 'Gappy', mos: [4.1, 4.2, null, 4.0, 4.1], ceiling: 4.41 }],
      T0,
      300,
    );
    const { container } = render(
      <AgentMosSmallMultiples
        matrix={matrix}
        summaries={[testSummary('a', 'Gappy', 4.1, 4.41)]}
        timeZone="utc"
        chartWidth={300}
      />,
    );
    const paths = [...container.querySelectorAll('path.recharts-line-curve')].map(
      (path) => path.getAttribute('d') ?? '',
    );
    expect(paths).toHaveLength(2); // ceiling and MOS
    for (const d of paths) {
      // Two separate segments (two move-to commands), none reaching down to the axis.
      expect(d.match(/M/g)).toHaveLength(2);
    }
  });
});
