import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RANGE,
  DEFAULT_VIEW,
  parseDashboardView,
  parseTestPageUrl,
  pinnedSearch,
  rangeParamChanges,
  viewParamChanges,
  type DashboardView,
} from './url-state.ts';
import { parseHomeUrl, withParams } from './url-params.ts';

const params = (text: string) => new URLSearchParams(text);

describe('the test page URL', () => {
  it('reads paused=1 as a paused refresh, and says how to fix anything else', () => {
    expect(parseTestPageUrl('6627', params('paused=1')).paused).toBe(true);
    expect(parseTestPageUrl('6627', params('paused=0')).paused).toBe(false);
    const bad = parseTestPageUrl('6627', params('paused=yes'));
    expect(bad.paused).toBe(false);
    expect(bad.problems).toEqual(["paused 'yes': use paused=1 to stop refreshing, or remove it"]);
  });

  it('reads a full link', () => {
    expect(
      parseTestPageUrl(
        '6627',
        params('aid=11&window=6h&agent=97&round=1407374700&tz=local&compare=1w'),
      ),
    ).toEqual({
      testId: '6627',
      aid: '11',
      range: { kind: 'relative', windowSeconds: 21_600 },
      agent: '97',
      round: 1407374700,
      tz: 'local',
      compare: '1w',
      paused: false,
      view: DEFAULT_VIEW,
      problems: [],
    });
  });

  it('fills defaults without problems when nothing is given', () => {
    expect(parseTestPageUrl('6627', params(''))).toEqual({
      testId: '6627',
      aid: undefined,
      range: DEFAULT_RANGE,
      agent: undefined,
      round: undefined,
      tz: 'utc',
      compare: undefined,
      paused: false,
      view: DEFAULT_VIEW,
      problems: [],
    });
  });

  it('reads compare=1d and says what to do with any other value', () => {
    expect(parseTestPageUrl('6627', params('compare=1d')).compare).toBe('1d');
    const bad = parseTestPageUrl('6627', params('compare=2d'));
    expect(bad.compare).toBeUndefined();
    expect(bad.problems).toEqual([
      "compare '2d': use 1d (the same window a day earlier) or 1w (a week earlier), or remove it",
    ]);
  });

  it('reads an absolute range', () => {
    expect(
      parseTestPageUrl('6627', params('from=2026-01-31T14:00:00&to=2026-01-31T15:00:00')).range,
    ).toEqual({
      kind: 'absolute',
      fromMs: Date.UTC(2026, 0, 31, 14),
      toMs: Date.UTC(2026, 0, 31, 15),
    });
  });

  it('says what is wrong with each bad value, and never passes it on', () => {
    const state = parseTestPageUrl(
      'abc',
      params('aid=x1&window=7x&agent=97;drop&round=12&tz=mars'),
    );
    expect(state.testId).toBeUndefined();
    expect(state.aid).toBeUndefined();
    expect(state.agent).toBeUndefined();
    expect(state.round).toBeUndefined();
    expect(state.range).toEqual(DEFAULT_RANGE);
    expect(state.tz).toBe('utc');
    expect(state.problems).toEqual([
      "test id 'abc': use the digits of a ThousandEyes id, such as 6627",
      "account group 'x1': use the digits of a ThousandEyes id, such as 6627",
      "window '7x': use a number followed by s, m, h, d or w, such as 6h",
      "agent '97;drop': use the digits of a ThousandEyes id, such as 6627",
      "round '12': use the round's start in epoch seconds, such as 1407374700",
      "tz 'mars': use utc or local",
    ]);
  });

  it('needs an agent for a round, and a test id', () => {
    expect(parseTestPageUrl('6627', params('round=1407374700')).problems).toEqual([
      "round '1407374700' needs an agent: add agent=<agent id> or remove round",
    ]);
    expect(parseTestPageUrl(undefined, params('')).problems[0]).toContain('no test id');
  });

  it('refuses window with from', () => {
    expect(
      parseTestPageUrl('1', params('window=1h&from=2026-01-31T14:00:00')).problems[0],
    ).toContain('window cannot be combined with from/to');
  });
});

describe('the home URL', () => {
  it('reads the account group', () => {
    expect(parseHomeUrl(params('aid=11'))).toEqual({ aid: '11', filter: '', problems: [] });
    expect(parseHomeUrl(params('aid=../v6')).problems).toHaveLength(1);
  });
});

describe('writing', () => {
  it('replaces the range in one spelling and keeps other params in place', () => {
    const next = withParams(
      params('aid=11&window=3600&agent=97'),
      rangeParamChanges({ kind: 'absolute', fromMs: Date.UTC(2026, 0, 31, 14), toMs: undefined }),
    );
    expect(next.toString()).toBe('aid=11&agent=97&from=2026-01-31T14%3A00%3A00');
    expect(
      withParams(next, rangeParamChanges({ kind: 'relative', windowSeconds: 3600 })).toString(),
    ).toBe('aid=11&agent=97&window=1h');
  });
});

describe('the view in the test page URL', () => {
  const read = (text: string) => {
    const problems: string[] = [];
    return { view: parseDashboardView(params(text), problems), problems };
  };
  const chosen: DashboardView = {
    heatmapMetrics: ['mos', 'pdv'],
    agentOrder: 'country',
    tableSort: { key: 'lossMean', direction: 'ascending' },
    agentFilter: { text: 'frank', kind: 'enterprise', country: 'DE' },
    groupByKind: true,
  };

  it('reads every control of the page', () => {
    expect(
      read(
        'heatmaps=mos,pdv&sort=country&tableSort=lossMean.asc&filter=frank&agentType=enterprise&country=de&group=type',
      ),
    ).toEqual({ view: chosen, problems: [] });
  });

  it('writes what it reads, and writes nothing for the defaults', () => {
    const written = withParams(params('aid=11'), viewParamChanges(chosen));
    expect(read(written.toString()).view).toEqual(chosen);
    expect(withParams(written, viewParamChanges(DEFAULT_VIEW)).toString()).toBe('aid=11');
  });

  it('says what is wrong with each bad value, and falls back to the default', () => {
    const { view, problems } = read(
      'heatmaps=loss&sort=best&tableSort=mood.up&agentType=robot&country=Germany&group=yes',
    );
    expect(view).toEqual(DEFAULT_VIEW);
    expect(problems).toEqual([
      "group 'yes': use type (cloud and enterprise apart), or leave it out",
      "heatmaps 'loss': name two of loss, latency, pdv, discards, mos, headroom, comma-separated, such as loss,latency",
      "sort 'best': use worst, name or country",
      "tableSort 'mood.up': use a column (agentName, countryId, mosMean, mosMin, mosHeadroom, lossMean, lossMax, latencyP50, latencyP95, pdvMean, errorRounds, roundsReported) and .asc or .desc, such as lossMean.desc",
      "agentType 'robot': use cloud or enterprise, or leave it out for both",
      "country 'Germany': use a two-letter country code, such as DE",
    ]);
  });

  it('turns a bad view value into a problem of the page, so the page asks for nothing', () => {
    expect(parseTestPageUrl('6627', params('sort=best')).problems).toEqual([
      "sort 'best': use worst, name or country",
    ]);
  });

  it('keeps the test filter of the home page', () => {
    expect(parseHomeUrl(params('filter=%20Berlin%20')).filter).toBe('Berlin');
    expect(parseHomeUrl(params(`filter=${'x'.repeat(101)}`)).problems[0]).toMatch(
      /^filter 'x{40}…': keep it to 100 characters or fewer/,
    );
  });
});

describe('the pinned link', () => {
  it('puts the window on screen in from/to, widened to whole seconds, keeping the rest', () => {
    const pinned = pinnedSearch(params('aid=11&window=1h&agent=97&round=1764158400&sort=name'), {
      startMs: Date.UTC(2026, 10, 29, 11, 0, 0, 400),
      endMs: Date.UTC(2026, 10, 29, 12, 0, 0, 400),
    });
    expect(Object.fromEntries(pinned)).toEqual({
      aid: '11',
      agent: '97',
      round: '1764158400',
      sort: 'name',
      from: '2026-11-29T11:00:00',
      to: '2026-11-29T12:00:01',
    });
    expect(parseTestPageUrl('1', pinned).range).toEqual({
      kind: 'absolute',
      fromMs: Date.UTC(2026, 10, 29, 11),
      toMs: Date.UTC(2026, 10, 29, 12, 0, 1),
    });
  });
});
