import { describe, expect, it } from 'vitest';
import { parseWallUrl } from './wall-url-state.ts';

const params = (text: string) => new URLSearchParams(text);

describe('the wall URL', () => {
  it('reads tests, rotation, debug, shift, yesterday and grade', () => {
    expect(
      parseWallUrl(
        params(
          'aid=11&tests=1,2,,2,3&window=15m&rotate=30&tz=local&debug=1&shift=0&yesterday=0&grade=MOS',
        ),
      ),
    ).toEqual({
      aid: '11',
      tests: [
        { aid: '11', testId: '1' },
        { aid: '11', testId: '2' },
        { aid: '11', testId: '3' },
      ],
      range: { kind: 'relative', windowSeconds: 900 },
      rotateSeconds: 30,
      tz: 'local',
      debug: true,
      shift: false,
      yesterday: false,
      grade: 'mos',
      problems: [],
    });
  });

  it('defaults to every test, on one screen, drifting, marked against yesterday, graded by headroom', () => {
    expect(parseWallUrl(params(''))).toMatchObject({
      tests: undefined,
      rotateSeconds: 0,
      debug: false,
      shift: true,
      yesterday: true,
      grade: 'headroom',
      problems: [],
    });
  });

  it('names tests of other account groups as aid:testId', () => {
    const state = parseWallUrl(params('aid=1001&tests=7001,1002:7201,1002:7201,1002:7001'));
    expect(state.tests).toEqual([
      { aid: '1001', testId: '7001' },
      { aid: '1002', testId: '7201' },
      { aid: '1002', testId: '7001' },
    ]);
    expect(parseWallUrl(params('tests=7001,1002:7201')).tests).toEqual([
      { aid: undefined, testId: '7001' },
      { aid: '1002', testId: '7201' },
    ]);
  });

  it('drops bad tests, rotation and grade with a message', () => {
    const state = parseWallUrl(params('tests=1,abc,12:x,:7,1:2:3&rotate=-5&grade=mean'));
    expect(state.tests).toEqual([{ aid: undefined, testId: '1' }]);
    expect(state.rotateSeconds).toBe(0);
    expect(state.grade).toBe('headroom');
    expect(state.problems).toEqual([
      "test id 'abc': use the digits of a ThousandEyes id, such as 6627",
      "test '12:x': write aid:testId with the digits of both, such as 1234:7002",
      "test ':7': write aid:testId with the digits of both, such as 1234:7002",
      "test '1:2:3': write aid:testId with the digits of both, such as 1234:7002",
      "rotate '-5': use seconds per test from 5 to 3600, or 0 for all tests on one screen",
      "grade 'mean': use headroom (below the codec's maximum) or mos (absolute bands)",
    ]);
  });

  it('reads shift and yesterday as 0 or 1 (true, false), and refuses anything else with a message', () => {
    expect(parseWallUrl(params('shift=1&yesterday=TRUE'))).toMatchObject({
      shift: true,
      yesterday: true,
      problems: [],
    });
    expect(parseWallUrl(params('shift=false&yesterday=0'))).toMatchObject({
      shift: false,
      yesterday: false,
      problems: [],
    });
    expect(parseWallUrl(params('shift=no&yesterday=1d')).problems).toEqual([
      "shift 'no': use 0 to turn off the burn-in drift or 1 to keep it (the default)",
      'yesterday \'1d\': use 0 to hide the "worse than yesterday" mark or 1 to keep it (the default)',
    ]);
  });
});
