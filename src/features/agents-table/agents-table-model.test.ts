import { plainRows, rowsThroughColumns } from '../../../common/result-rows/test-support.ts';
import { resultRow } from '../../lib/fixture-round-results.ts';
import { describe, expect, it } from 'vitest';
import type { AgentInfo, AgentSummary } from '../../lib/model.ts';
import type { AgentFilter } from '../../lib/url-state.ts';
import {
  agentPassesFilter,
  agentPlaces,
  countriesOf,
  DEFAULT_AGENT_SORT,
  isOpenFilter,
  nextSort,
  sortSummaries,
} from './agents-table-model.ts';
import { summary } from './fixture-summaries.ts';

const names = (list: readonly AgentSummary[]) => list.map((s) => s.agentName);

describe('sortSummaries', () => {
  const list = [
    summary({ agentId: '1', agentName: 'Berlin', mosHeadroom: 0.3, countryId: 'DE' }),
    summary({ agentId: '2', agentName: 'austin', mosHeadroom: undefined, countryId: 'US' }),
    summary({ agentId: '3', agentName: 'Cairo', mosHeadroom: 1.2, countryId: 'EG' }),
    summary({ agentId: '4', agentName: 'Dublin', mosHeadroom: 0.05, countryId: '' }),
  ];

  it('puts the worst headroom first by default and no value last', () => {
    expect(names(sortSummaries(list, DEFAULT_AGENT_SORT))).toEqual([
      'Cairo',
      'Berlin',
      'Dublin',
      'austin',
    ]);
  });

  it('keeps no value last when ascending too', () => {
    expect(names(sortSummaries(list, { key: 'mosHeadroom', direction: 'ascending' }))).toEqual([
      'Dublin',
      'Berlin',
      'Cairo',
      'austin',
    ]);
  });

  it('sorts names ignoring case, and an empty country as no value', () => {
    expect(names(sortSummaries(list, { key: 'agentName', direction: 'ascending' }))).toEqual([
      'austin',
      'Berlin',
      'Cairo',
      'Dublin',
    ]);
    expect(names(sortSummaries(list, { key: 'countryId', direction: 'descending' }))).toEqual([
      'austin',
      'Cairo',
      'Berlin',
      'Dublin',
    ]);
  });

  it('does not change its input', () => {
    const before = names(list);
    sortSummaries(list, DEFAULT_AGENT_SORT);
    expect(names(list)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('flips the active column and starts a new one at its worst end', () => {
    expect(nextSort(DEFAULT_AGENT_SORT, 'mosHeadroom')).toEqual({
      key: 'mosHeadroom',
      direction: 'ascending',
    });
    expect(nextSort(DEFAULT_AGENT_SORT, 'mosMin')).toEqual({
      key: 'mosMin',
      direction: 'ascending',
    });
    expect(nextSort(DEFAULT_AGENT_SORT, 'lossMax')).toEqual({
      key: 'lossMax',
      direction: 'descending',
    });
  });
});

describe('the page agent filter', () => {
  const places = agentPlaces(
    [{ agentId: '3', agentLocation: 'Austin, TX' }],
    new Map<string, AgentInfo>([
      ['1', { ...info('1'), agentType: 'cloud', location: 'Berlin, Germany' }],
      ['2', { ...info('2'), agentType: 'enterprise-cluster' }],
      ['3', { ...info('3'), agentType: 'enterprise' }],
    ]),
  );
  const agents = [
    { agentId: '1', agentName: 'Berlin', countryId: 'DE' },
    { agentId: '2', agentName: 'Cairo', countryId: 'EG' },
    { agentId: '3', agentName: 'Austin', countryId: 'US' },
  ];
  const open = { text: '', kind: 'all', country: undefined } as const;
  const passing = (filter: AgentFilter) =>
    agents.filter((agent) => agentPassesFilter(agent, filter, places)).map((a) => a.agentName);

  function info(agentId: string): AgentInfo {
    return {
      agentId,
      agentName: agentId,
      agentType: 'unknown',
      agentState: undefined,
      location: undefined,
      countryId: undefined,
      network: undefined,
    };
  }

  it('lets everyone through when nothing is chosen', () => {
    expect(passing(open)).toEqual(['Berlin', 'Cairo', 'Austin']);
    expect(isOpenFilter(open)).toBe(true);
    expect(isOpenFilter({ ...open, country: 'DE' })).toBe(false);
  });

  it('matches text in the name, country, location or type', () => {
    expect(passing({ ...open, text: 'berl' })).toEqual(['Berlin']);
    expect(passing({ ...open, text: 'eg' })).toEqual(['Cairo']);
    expect(passing({ ...open, text: 'germany' })).toEqual(['Berlin']);
    expect(passing({ ...open, text: ' TX ' })).toEqual(['Austin']);
    expect(passing({ ...open, text: 'cluster' })).toEqual(['Cairo']);
  });

  it('selects by agent type (clusters are enterprise) and by country, together with text', () => {
    expect(passing({ ...open, kind: 'enterprise' })).toEqual(['Cairo', 'Austin']);
    expect(passing({ ...open, kind: 'cloud' })).toEqual(['Berlin']);
    expect(passing({ ...open, country: 'US' })).toEqual(['Austin']);
    expect(passing({ ...open, kind: 'cloud', country: 'US' })).toEqual([]);
    expect(passing({ ...open, kind: 'enterprise', text: 'cai' })).toEqual(['Cairo']);
  });

  it('offers the countries agents are in, once each, A→Z', () => {
    expect(countriesOf([...agents, { countryId: 'de' }, { countryId: '' }])).toEqual([
      'DE',
      'EG',
      'US',
    ]);
  });
});

describe('agentPlaces', () => {
  it("reads a closed interval's rows (views over its columns) as it reads the same rows whole", () => {
    const row = (agentId: string, roundId: number, agentLocation: string | undefined) =>
      resultRow({ agentId, agentName: `agent ${agentId}`, roundId, agentLocation });
    // The first interval does not place agent 2; the second does, and the live edge's plain rows
    // place agent 4 and name agent 1 elsewhere (the first row with a location wins).
    const first = rowsThroughColumns([
      row('2', 1_800_000_000, undefined),
      row('1', 1_800_000_000, 'Oslo'),
      row('1', 1_800_000_060, 'Oslo'),
      row('3', 1_800_000_060, undefined),
    ]);
    const second = rowsThroughColumns([
      row('2', 1_800_000_120, 'Lagos'),
      row('1', 1_800_000_120, 'Oslo'),
      row('2', 1_800_000_180, 'Lagos'),
    ]);
    const head = [row('4', 1_800_000_240, 'Lima'), row('1', 1_800_000_240, 'Bergen')];
    const known = new Map<string, AgentInfo>([
      [
        '3',
        {
          agentId: '3',
          agentName: 'agent 3',
          agentType: 'cloud',
          agentState: undefined,
          location: undefined,
          countryId: undefined,
          network: undefined,
        },
      ],
    ]);
    const fromColumns = agentPlaces([...first, ...second, ...head], known);
    expect(fromColumns).toEqual(
      agentPlaces([...plainRows(first), ...plainRows(second), ...head], known),
    );
    expect(Object.fromEntries(fromColumns)).toEqual({
      '1': { location: 'Oslo', agentType: 'unknown' },
      '2': { location: 'Lagos', agentType: 'unknown' },
      '3': { location: undefined, agentType: 'cloud' },
      '4': { location: 'Lima', agentType: 'unknown' },
    });
  });
});
