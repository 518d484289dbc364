import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../lib/model.ts';
import {
  DEFAULT_AGENT_SORT,
  filterSummaries,
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

describe('filterSummaries', () => {
  const list = [
    summary({ agentId: '1', agentName: 'Frankfurt, Germany', countryId: 'DE' }),
    summary({ agentId: '2', agentName: 'Tokyo, Japan', countryId: 'JP' }),
  ];
  it('matches name or country, ignoring case and spaces', () => {
    expect(names(filterSummaries(list, '  frank '))).toEqual(['Frankfurt, Germany']);
    expect(names(filterSummaries(list, 'jp'))).toEqual(['Tokyo, Japan']);
    expect(names(filterSummaries(list, ''))).toHaveLength(2);
    expect(filterSummaries(list, 'nowhere')).toEqual([]);
  });

  it('matches the location and type of `places`, never the type "unknown"', () => {
    const places = new Map([
      ['1', { location: 'Frankfurt am Main, Hesse', agentType: 'cloud' as const }],
      ['2', { location: 'Osaka, Japan', agentType: 'unknown' as const }],
    ]);
    expect(names(filterSummaries(list, 'hesse', places))).toEqual(['Frankfurt, Germany']);
    expect(names(filterSummaries(list, 'OSAKA', places))).toEqual(['Tokyo, Japan']);
    expect(names(filterSummaries(list, 'cloud', places))).toEqual(['Frankfurt, Germany']);
    expect(filterSummaries(list, 'unknown', places)).toEqual([]);
  });
});
