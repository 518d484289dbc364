import { describe, expect, it } from 'vitest';
import { viewLinks } from './view-links.ts';

const page = {
  origin: 'http://earshot.test',
  pathname: '/tests/7001',
  search: '?window=1h&agent=12',
};

describe('viewLinks', () => {
  it('pins the window on screen into from/to, keeping the rest of the view', () => {
    const links = viewLinks(page, {
      startMs: Date.UTC(2026, 0, 15, 6),
      endMs: Date.UTC(2026, 0, 15, 7),
    });
    expect(links.viewUrl).toBe('http://earshot.test/tests/7001?window=1h&agent=12');
    const pinned = new URL(links.pinnedUrl);
    expect(pinned.pathname).toBe('/tests/7001');
    expect(pinned.searchParams.get('window')).toBeNull();
    expect(pinned.searchParams.get('agent')).toBe('12');
    expect(pinned.searchParams.get('from')).toBeTruthy();
    expect(pinned.searchParams.get('to')).toBeTruthy();
  });

  it('offers the link as addressed while no window is on screen', () => {
    expect(viewLinks(page, undefined).pinnedUrl).toBe(viewLinks(page, undefined).viewUrl);
    expect(viewLinks(page, { startMs: 5, endMs: 5 }).pinnedUrl).toBe(
      'http://earshot.test/tests/7001?window=1h&agent=12',
    );
  });
});
