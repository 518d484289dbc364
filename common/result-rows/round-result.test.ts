import { describe, expect, it } from 'vitest';
import { permalinkHref, unlinkedPermalinkText } from './round-result.ts';

/** The rule as the URL parser decides it: what permalinkHref must answer, fast path or not. */
function byUrlParser(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const safe =
    url.protocol === 'https:' &&
    url.hostname === 'app.thousandeyes.com' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '';
  return safe ? url.href : undefined;
}

const APP = 'https://app.thousandeyes.com/';

describe('permalinkHref', () => {
  it('links the web app as written, and nothing else', () => {
    const link = `${APP}network-app-synthetics/views/?__a=11&testId=7001&roundId=1769864400&agentId=12`;
    expect(permalinkHref(link)).toBe(link);
    for (const unsafe of [
      'javascript:alert(1)',
      'http://app.thousandeyes.com/x',
      'https://app.thousandeyes.com.evil.example/x',
      'https://user@app.thousandeyes.com/x',
      'https://app.thousandeyes.com:8443/x',
      'not a url',
      '',
      '   ',
    ]) {
      expect(permalinkHref(unsafe)).toBeUndefined();
    }
  });

  it('hands back what the URL parser would for links it rewrites', () => {
    // None of these may be passed through as written: the parser normalises each of them.
    expect(permalinkHref(`${APP}a/../b`)).toBe(`${APP}b`);
    expect(permalinkHref(`${APP}a/%2e%2E/b`)).toBe(`${APP}b`);
    expect(permalinkHref(`${APP}x?q='1'`)).toBe(`${APP}x?q=%271%27`);
    expect(permalinkHref(`${APP}x y`)).toBe(`${APP}x%20y`);
    expect(permalinkHref('HTTPS://APP.THOUSANDEYES.COM/x')).toBe(`${APP}x`);
    expect(permalinkHref(`  ${APP}x  `)).toBe(`${APP}x`);
    expect(permalinkHref('https://app.thousandeyes.com:443/x')).toBe(`${APP}x`);
  });

  it('agrees with the URL parser on links built from every awkward character', () => {
    // A fixed-seed generator, so a failure names an input that can be replayed.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pieces = [
      ...'aZ09-._~!$&()*+,;=:@/?%#\'"<>`^{}|[] \t\n\\é',
      '/.',
      '/..',
      '%2e',
      '%2E',
      '%41',
      '%zz',
      '//',
    ];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      let tail = '';
      const length = Math.floor(next() * 12);
      for (let j = 0; j < length; j++) tail += pieces[Math.floor(next() * pieces.length)];
      const raw = APP + tail;
      expect(permalinkHref(raw), JSON.stringify(raw)).toBe(byUrlParser(raw));
      checked++;
    }
    expect(checked).toBe(20_000);
  });
});

describe('unlinkedPermalinkText', () => {
  it('keeps unsafe text for people to read, never blank text or a linked one', () => {
    expect(unlinkedPermalinkText('javascript:alert(1)', undefined)).toBe('javascript:alert(1)');
    expect(unlinkedPermalinkText(`${APP}x`, `${APP}x`)).toBeUndefined();
    expect(unlinkedPermalinkText('  ', undefined)).toBeUndefined();
    expect(unlinkedPermalinkText(undefined, undefined)).toBeUndefined();
  });
});
