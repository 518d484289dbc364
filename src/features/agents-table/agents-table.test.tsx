// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentInfo, AgentSummary } from '../../lib/model.ts';
import { agentPlaces, DEFAULT_AGENT_SORT, nextSort } from './agents-table-model.ts';
import { AgentsTable, type AgentsTableProps } from './agents-table.tsx';
import { summary } from './fixture-summaries.ts';
import type { AgentAttribution } from '../../lib/window-attribution.ts';
import { compareAgents } from '../../lib/period-comparison.ts';

afterEach(cleanup);

const summaries: AgentSummary[] = [
  summary({ agentId: '1', agentName: 'Berlin', countryId: 'DE', mosMean: 4.3, mosHeadroom: 0.11 }),
  summary({
    agentId: '2',
    agentName: 'Cairo',
    countryId: 'EG',
    mosMean: 2.9,
    mosMin: 1.8,
    mosHeadroom: 1.51,
    lossMean: 7.5,
  }),
  summary({
    agentId: '3',
    agentName: 'Austin',
    countryId: 'US',
    mosMean: undefined,
    mosMin: undefined,
    mosHeadroom: undefined,
    lossMean: undefined,
    lossMax: undefined,
    latencyP50: undefined,
    latencyP95: undefined,
    pdvMean: undefined,
    errorRounds: 12,
  }),
];

/** Agent names in the order the table shows them. */
function agentOrder(): string[] {
  const table = screen.getByRole('table', { name: 'Agents' });
  return within(table)
    .queryAllByRole('rowheader')
    .map((cell) => cell.textContent ?? '');
}

/** The table as the page holds it: its sort and grouping kept by the owner (the URL there). */
function ControlledTable(props: AgentsTableProps) {
  const [sort, setSort] = useState(DEFAULT_AGENT_SORT);
  const [grouped, setGrouped] = useState(false);
  return (
    <AgentsTable
      sort={sort}
      onSortColumn={(key) => setSort((current) => nextSort(current, key))}
      grouped={grouped}
      onGroupedToggle={() => setGrouped((current) => !current)}
      {...props}
    />
  );
}

function renderTable(props: Partial<AgentsTableProps> = {}) {
  const onFocusAgent = vi.fn();
  const view = render(
    <ControlledTable summaries={summaries} onFocusAgent={onFocusAgent} {...props} />,
  );
  return { onFocusAgent, ...view };
}

describe('AgentsTable', () => {
  it('starts with the worst headroom first, agents with no value last', () => {
    renderTable();
    expect(agentOrder()).toEqual(['Cairo', 'Berlin', 'Austin']);
    const header = screen.getByRole('columnheader', { name: /Headroom to codec max/ });
    expect(header.getAttribute('aria-sort')).toBe('descending');
  });

  it('sorts by a column when its header is clicked, and flips on a second click', () => {
    renderTable();
    fireEvent.click(screen.getByRole('button', { name: 'Agent' }));
    expect(agentOrder()).toEqual(['Austin', 'Berlin', 'Cairo']);
    const agentHeader = screen.getByRole('columnheader', { name: /^Agent/ });
    expect(agentHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(
      screen.getByRole('columnheader', { name: /Headroom/ }).getAttribute('aria-sort'),
    ).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Agent' }));
    expect(agentOrder()).toEqual(['Cairo', 'Berlin', 'Austin']);
    expect(agentHeader.getAttribute('aria-sort')).toBe('descending');

    fireEvent.click(screen.getByRole('button', { name: 'Mean MOS' }));
    expect(agentOrder()).toEqual(['Cairo', 'Berlin', 'Austin']);
    fireEvent.click(screen.getByRole('button', { name: 'Mean MOS' }));
    expect(agentOrder()).toEqual(['Berlin', 'Cairo', 'Austin']);
  });

  it('hands a header click to its owner as the column, so the URL can keep the sort', () => {
    const onSortColumn = vi.fn();
    render(
      <AgentsTable
        summaries={summaries}
        onFocusAgent={() => {}}
        sort={{ key: 'lossMean', direction: 'descending' }}
        onSortColumn={onSortColumn}
      />,
    );
    expect(agentOrder()).toEqual(['Cairo', 'Berlin', 'Austin']);
    fireEvent.click(screen.getByRole('button', { name: 'Loss mean' }));
    expect(onSortColumn).toHaveBeenLastCalledWith('lossMean');
  });

  it('says why it is empty: nobody reported, or the agent filter left everyone out', () => {
    const { rerender } = render(<AgentsTable summaries={[]} onFocusAgent={() => {}} />);
    expect(screen.getByText('No agents reported in this window.')).toBeTruthy();
    rerender(<AgentsTable summaries={[]} onFocusAgent={() => {}} filterActive />);
    expect(screen.getByText(/No agents pass the agent filter/)).toBeTruthy();
  });

  it('shows values with units, and no value as a dash — never 0', () => {
    renderTable();
    const cairo = screen.getByRole('row', { name: /^Cairo/ });
    expect(within(cairo).getByText('2.90')).toBeTruthy();
    expect(within(cairo).getByText('7.5 %')).toBeTruthy();
    expect(cairo.textContent).toContain('1.51 below max');
    expect(cairo.textContent).toContain('(poor)');

    const austin = screen.getByRole('row', { name: /^Austin/ });
    const cells = within(austin).getAllByRole('cell');
    // Country, then 8 metric columns with no value, then error rounds and rounds.
    expect(cells.slice(1, 9).map((cell) => cell.textContent)).toEqual(Array(8).fill('—no value'));
    expect(cells[9]!.textContent).toBe('12');
    expect(austin.textContent).not.toMatch(/\b0\.00\b|0\.0 %/);
  });

  it('writes counts with thousands separated, as everywhere else', () => {
    render(
      <AgentsTable
        summaries={[summary({ agentId: '9', agentName: 'Oslo', roundsReported: 2016 })]}
        onFocusAgent={() => {}}
      />,
    );
    expect(screen.getByRole('row', { name: /^Oslo/ }).textContent).toContain('2,016');
  });

  it('says the health of the headroom in words as well as colour', () => {
    renderTable();
    expect(screen.getByRole('row', { name: /^Berlin/ }).textContent).toContain('(good)');
  });

  it('focuses an agent from its name, marks the focused row, and un-focuses it', () => {
    const { onFocusAgent, rerender } = renderTable();
    fireEvent.click(screen.getByRole('button', { name: 'Berlin' }));
    expect(onFocusAgent).toHaveBeenLastCalledWith('1');

    rerender(
      <ControlledTable summaries={summaries} focusedAgentId="1" onFocusAgent={onFocusAgent} />,
    );
    const berlin = screen.getByRole('row', { name: /^Berlin/ });
    expect(berlin.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('row', { name: /^Cairo/ }).getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('button', { name: 'Berlin' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Berlin' }));
    expect(onFocusAgent).toHaveBeenLastCalledWith(undefined);
  });

  it('draws the first 100 of 500 agents until asked for all', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      summary({ agentId: String(index), agentName: `Agent ${String(index).padStart(3, '0')}` }),
    );
    const { container } = render(<AgentsTable summaries={many} onFocusAgent={() => {}} />);
    // Found by element and text: role queries over 500 rows are slow in jsdom (not in the app).
    const bodyRows = () => container.querySelectorAll('tbody tr');
    expect(bodyRows()).toHaveLength(100);
    expect(screen.getByText(/Showing 100 of 500 agents/)).toBeTruthy();
    fireEvent.click(screen.getByText('Show all 500', { selector: 'button' }));
    expect(bodyRows()).toHaveLength(500);
    expect(screen.queryByText(/Show all/)).toBeNull();
  });

  it('keeps a focused agent in view when it sorts past the first page', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      summary({ agentId: String(index), agentName: `Agent ${String(index).padStart(3, '0')}` }),
    );
    const { container } = render(
      <AgentsTable summaries={many} focusedAgentId="300" onFocusAgent={() => {}} />,
    );
    const rows = container.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(101);
    expect(rows[100]!.getAttribute('aria-current')).toBe('true');
    expect(rows[100]!.textContent).toContain('Agent 300');
    expect(screen.getByText(/Showing 101 of 500 agents/)).toBeTruthy();
  });
});

describe('AgentsTable with agent types and locations', () => {
  const places = agentPlaces(
    [{ agentId: '3', agentLocation: 'Austin, TX' }],
    new Map<string, AgentInfo>([
      ['1', agentInfo('1', 'cloud', 'Berlin, Germany')],
      ['2', agentInfo('2', 'enterprise-cluster', undefined)],
      ['3', agentInfo('3', 'enterprise', undefined)],
    ]),
  );

  function agentInfo(
    agentId: string,
    agentType: AgentInfo['agentType'],
    location: string | undefined,
  ): AgentInfo {
    return {
      agentId,
      agentName: agentId,
      agentType,
      agentState: undefined,
      location,
      countryId: undefined,
      network: undefined,
    };
  }

  function agentButtons(): string[] {
    const table = screen.getByRole('table', { name: 'Agents' });
    return within(table)
      .queryAllByRole('button', { pressed: false })
      .map((button) => button.textContent ?? '');
  }

  it("shows each agent's location, from /agents or else from its rows", () => {
    renderTable({ places });
    expect(screen.getByRole('row', { name: /Berlin/ }).textContent).toContain('Berlin, Germany');
    expect(screen.getByRole('row', { name: /Austin/ }).textContent).toContain('Austin, TX');
  });

  it('groups cloud and enterprise agents, each group in the chosen order', () => {
    renderTable({ places });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Group cloud and enterprise' }));
    const groups = screen.getAllByRole('rowgroup').slice(1); // the first is the header
    expect(groups.map((group) => within(group).getAllByRole('row')[0]?.textContent)).toEqual([
      'Cloud agents (1)',
      'Enterprise agents (2)',
    ]);
    expect(agentButtons()).toEqual(['Berlin', 'Cairo', 'Austin']);
  });

  it("shows each agent's dominant cause, and 'no attribution' with the reason when it has none", () => {
    const attributions = new Map<string, AgentAttribution>([
      [
        '2',
        {
          agentId: '2',
          dominant: 'loss',
          summary: {
            attributed: true,
            gap: 1.5,
            loss: 1.2,
            delay: 0.2,
            discards: 0.05,
            unexplained: 0.05,
            attributedRounds: 10,
            unattributedRounds: 0,
          },
        },
      ],
      [
        '3',
        {
          agentId: '3',
          dominant: undefined,
          summary: {
            attributed: false,
            reason: 'none of the 12 rounds could be attributed',
            unattributedRounds: 12,
          },
        },
      ],
    ]);
    renderTable({ attributions });
    const table = screen.getByRole('table', { name: 'Agents' });
    expect(within(table).getByRole('columnheader', { name: 'Main cause' })).toBeTruthy();
    const cairo = within(table).getByRole('row', { name: /Cairo/ });
    const cause = within(cairo).getByText('loss');
    expect(cause.getAttribute('title')).toMatch(/^1\.50 below the codec's maximum: loss 1\.20/);
    const austin = within(table).getByRole('row', { name: /Austin/ });
    expect(within(austin).getByText('no attribution').getAttribute('title')).toBe(
      'No attribution: none of the 12 rounds could be attributed',
    );
  });

  it('shows the change since the earlier window when compare is on', () => {
    const earlier = summaries.map((s) =>
      s.agentId === '2' ? { ...s, mosMean: 3.3, lossMean: 7.1 } : s,
    );
    renderTable({ comparison: { period: '1w', changes: compareAgents(summaries, earlier) } });
    const table = screen.getByRole('table', { name: 'Agents' });
    expect(within(table).getByRole('columnheader', { name: 'vs last week' })).toBeTruthy();
    const cairo = within(table).getByRole('row', { name: /Cairo/ });
    expect(
      within(cairo).getByText(/^MOS −0\.40, \+0\.4 % loss, ±0 ms latency vs last week$/),
    ).toBeTruthy();
  });
});
