// The test page's links to itself: as addressed, and with the window on screen pinned (an incident
// link that still shows its rounds a day later).
import { pinnedSearch } from '../../lib/url-state.ts';

export function viewLinks(
  page: { origin: string; pathname: string; search: string },
  shown: { startMs: number | undefined; endMs: number | undefined } | undefined,
): { viewUrl: string; pinnedUrl: string } {
  const viewUrl = `${page.origin}${page.pathname}${page.search}`;
  const { startMs, endMs } = shown ?? {};
  if (startMs === undefined || endMs === undefined || endMs <= startMs) {
    return { viewUrl, pinnedUrl: viewUrl };
  }
  const search = pinnedSearch(new URLSearchParams(page.search), { startMs, endMs });
  return { viewUrl, pinnedUrl: `${page.origin}${page.pathname}?${search.toString()}` };
}
