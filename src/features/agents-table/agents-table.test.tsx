// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentInfo, AgentSummary } from '../../lib/model.ts';
import { agentPlaces } from './agents-table-model.ts';
import { AgentsTable } from './agents-table.tsx';
import { summary } from './fixture-summaries.ts';

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

function renderTable(props: Partial<Parameters<typeof AgentsTable>[0]> = {}) {
  const onFocusAgent = vi.fn();
  const view = render(<AgentsTable summaries={summaries} onFocusAgent={onFocusAgent} {...props} />);
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

  it('filters by agent name or country', () => {
    renderTable();
    const filter = screen.getByRole('searchbox', { name: 'Filter agents' });
    fireEvent.change(filter, { target: { value: 'eg' } });
    expect(agentOrder()).toEqual(['Cairo']);
    fireEvent.change(filter, { target: { value: 'berl' } });
    expect(agentOrder()).toEqual(['Berlin']);
    fireEvent.change(filter, { target: { value: 'zzz' } });
    expect(agentOrder()).toEqual([]);
    expect(screen.getByText('No agents match “zzz”.')).toBeTruthy();
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

  it('says the health of the headroom in words as well as colour', () => {
    renderTable();
    expect(screen.getByRole('row', { name: /^Berlin/ }).textContent).toContain('(good)');
  });

  it('focuses an agent from its name, marks the focused row, and un-focuses it', () => {
    const { onFocusAgent, rerender } = renderTable();
    fireEvent.click(screen.getByRole('button', { name: 'Berlin' }));
    expect(onFocusAgent).toHaveBeenLastCalledWith('1');

    rerender(<AgentsTable summaries={summaries} focusedAgentId="1" onFocusAgent={onFocusAgent} />);
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

  it('filters to cloud or enterprise agents (clusters count as enterprise)', () => {
    renderTable({ places });
    const type = screen.getByRole('combobox', { name: 'Agent type' });
    fireEvent.change(type, { target: { value: 'enterprise' } });
    expect(agentButtons()).toEqual(['Cairo', 'Austin']);
    fireEvent.change(type, { target: { value: 'cloud' } });
    expect(agentButtons()).toEqual(['Berlin']);
    expect(screen.getByText('1 of 3 agents')).toBeTruthy();
  });

  it("filters by an agent's location (city or country) and type too", () => {
    renderTable({ places });
    const filter = screen.getByRole('searchbox', { name: 'Filter agents' });
    fireEvent.change(filter, { target: { value: 'germany' } });
    expect(agentButtons()).toEqual(['Berlin']);
    fireEvent.change(filter, { target: { value: ' TX' } });
    expect(agentButtons()).toEqual(['Austin']);
    fireEvent.change(filter, { target: { value: 'cluster' } });
    expect(agentButtons()).toEqual(['Cairo']);
    fireEvent.change(filter, { target: { value: 'enterprise' } });
    expect(agentButtons()).toEqual(['Cairo', 'Austin']);
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
});
