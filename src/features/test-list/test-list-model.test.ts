import { describe, expect, it } from 'vitest';
import type { AccountGroup } from '../../lib/model.ts';
import { describeAgentsByHealth, filterTests, selectedAid, testHref } from './test-list-model.ts';
import { voiceTest } from './fixture-voice-tests.ts';

describe('filterTests', () => {
  const tests = [
    voiceTest({ testId: '6627', testName: 'Cairo SIP trunk' }),
    voiceTest({ testId: '6628', testName: 'Berlin contact centre' }),
  ];
  it('matches the name ignoring case and spaces, or the exact id', () => {
    expect(filterTests(tests, ' trunk ').map((t) => t.testId)).toEqual(['6627']);
    expect(filterTests(tests, 'BERLIN').map((t) => t.testId)).toEqual(['6628']);
    expect(filterTests(tests, '6628').map((t) => t.testId)).toEqual(['6628']);
    expect(filterTests(tests, '')).toHaveLength(2);
    expect(filterTests(tests, 'tokyo')).toEqual([]);
  });

  it('matches a part of the id, and the target as the list writes it', () => {
    expect(filterTests(tests, '662').map((t) => t.testId)).toEqual(['6627', '6628']);
    const targets = new Map([
      ['6627', 'sip.cairo.example:5060'],
      ['6628', 'Frankfurt (agent 99), port 5060'],
    ]);
    const targetOf = (test: { testId: string }) => targets.get(test.testId) ?? '';
    expect(filterTests(tests, 'frankfurt', targetOf).map((t) => t.testId)).toEqual(['6628']);
    expect(filterTests(tests, 'sip.cairo', targetOf).map((t) => t.testId)).toEqual(['6627']);
  });
});

describe('testHref', () => {
  it('carries aid when set, and never a window', () => {
    expect(testHref('6627', undefined)).toBe('/tests/6627');
    expect(testHref('6627', '59')).toBe('/tests/6627?aid=59');
    expect(testHref('a/b', 'x&y')).toBe('/tests/a%2Fb?aid=x%26y');
  });
});

describe('selectedAid', () => {
  const groups: AccountGroup[] = [
    { aid: '1', name: 'One', isCurrent: false, isDefault: true },
    { aid: '2', name: 'Two', isCurrent: true, isDefault: false },
  ];
  it('prefers the URL, then the current group, then the default, then the first', () => {
    expect(selectedAid(groups, '1')).toBe('1');
    expect(selectedAid(groups, undefined)).toBe('2');
    expect(selectedAid([groups[0]!], undefined)).toBe('1');
    expect(selectedAid([{ ...groups[0]!, isDefault: false }], undefined)).toBe('1');
    expect(selectedAid([], undefined)).toBeUndefined();
  });
});

describe('describeAgentsByHealth', () => {
  it("says how many of the latest round's agents were poor or fair, not a grade of the test", () => {
    expect(describeAgentsByHealth({ good: 28, fair: 0, poor: 2 }, 30)).toBe('2 of 30 agents poor');
    expect(describeAgentsByHealth({ good: 27, fair: 3, poor: 0 }, 30)).toBe('3 of 30 agents fair');
    expect(describeAgentsByHealth({ good: 25, fair: 3, poor: 2 }, 30)).toBe(
      '2 poor, 3 fair of 30 agents',
    );
    expect(describeAgentsByHealth({ good: 30, fair: 0, poor: 0 }, 30)).toBe('All 30 agents good');
  });

  it('speaks of one agent in the singular', () => {
    expect(describeAgentsByHealth({ good: 0, fair: 0, poor: 1 }, 1)).toBe('1 of 1 agent poor');
    expect(describeAgentsByHealth({ good: 1, fair: 0, poor: 0 }, 1)).toBe('1 agent good');
  });
});
