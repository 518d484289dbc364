// Helpers for the dashboard e2e tests: the rows the API returns (every page, through the Earshot
// proxy), fixed ranges in the past that hold what a test needs, a heatmap's tooltip read fresh,
// whether a canvas painted, a field of the round-details dialog, and the simulator's request log.
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

const HOUR_MS = 3_600_000;

/** The measurements a row carries under the same names in the API and in ApiRow. */
interface RowMeasurements {
  mos?: number;
  codecMaxMos?: number;
  loss?: number;
  latency?: number;
  pdv?: number;
  discards?: number;
  dscp?: string;
  serverIp?: string;
  codecName?: string;
  errorDetail?: string;
}

export interface ApiRow extends RowMeasurements {
  roundId: number;
  agentId: string;
  agentName: string;
  countryId: string;
  agentLocation?: string;
  permalink?: string;
}

interface V7Row extends RowMeasurements {
  roundId: number;
  agent: { agentId: string; agentName: string; countryId: string; location?: string };
  _links?: { appLink?: { href?: string } };
}

/** Every row of one test's v7 results for `query` (e.g. "window=6h"), all pages joined. */
export async function fetchResultRows(
  request: APIRequestContext,
  baseURL: string,
  testId: string,
  query: string,
): Promise<ApiRow[]> {
  const rows: ApiRow[] = [];
  let next: string | undefined = `${baseURL}/api/v7/test-results/${testId}/rtp-server?${query}`;
  for (let page = 0; next && page < 100; page++) {
    const response = await request.get(next);
    if (!response.ok()) throw new Error(`${next} answered ${response.status()}`);
    const body = (await response.json()) as {
      results: V7Row[];
      _links?: { next?: { href?: string } };
    };
    for (const row of body.results) {
      rows.push({
        roundId: row.roundId,
        agentId: row.agent.agentId,
        agentName: row.agent.agentName,
        countryId: row.agent.countryId,
        agentLocation: row.agent.location,
        mos: row.mos,
        codecMaxMos: row.codecMaxMos,
        loss: row.loss,
        latency: row.latency,
        pdv: row.pdv,
        discards: row.discards,
        dscp: row.dscp,
        serverIp: row.serverIp,
        codecName: row.codecName,
        errorDetail: row.errorDetail,
        permalink: row._links?.appLink?.href,
      });
    }
    const href = body._links?.next?.href;
    next = href ? new URL(href, baseURL).toString() : undefined;
  }
  return rows;
}

/**
 * A row of the round in the middle of `rows` that `wanted` accepts (the nearest such round to the
 * middle). A window like `window=1h` slides while a test runs: the round at its old edge leaves it
 * when the next round starts, so a test that fetched the rows and then loads the page must never
 * pick a round at the edge.
 */
export function rowAwayFromEdges(rows: ApiRow[], wanted: (row: ApiRow) => boolean): ApiRow {
  const rounds = [...new Set(rows.map((r) => r.roundId))].sort((a, b) => a - b);
  const middle = rounds[Math.floor(rounds.length / 2)] ?? 0;
  const byDistance = rows
    .filter(wanted)
    .sort((a, b) => Math.abs(a.roundId - middle) - Math.abs(b.roundId - middle));
  const row = byDistance[0];
  if (!row) throw new Error(`no row of the ${rounds.length} rounds fetched is the one wanted`);
  return row;
}

/** A fixed range in the past, as the API and the dashboard's URL spell it. */
export interface ClosedRange {
  fromMs: number;
  toMs: number;
  /** `from=…&to=…` for a dashboard link. */
  view: string;
  /** `startDate=…Z&endDate=…Z` for the API. */
  query: string;
}

/**
 * `hours` whole hours ending where the hour before the current one begins, or `hoursBack` hours
 * earlier. Closed at any minute of the hour for a test whose interval is well under an hour (7001:
 * 300 s): its rows never change, so the page and the test see the same ones, and the page never
 * refreshes it: nothing under the pointer moves while a test reads it.
 */
export function closedRange(hours: number, hoursBack = 0): ClosedRange {
  const toMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS - hoursBack * HOUR_MS;
  const fromMs = toMs - hours * HOUR_MS;
  const spell = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return {
    fromMs,
    toMs,
    view: `from=${spell(fromMs)}&to=${spell(toMs)}`,
    query: `startDate=${spell(fromMs)}Z&endDate=${spell(toMs)}Z`,
  };
}

/**
 * The newest closed range of `hours` (stepping back `hours` at a time, over two days at most) whose
 * rows `holds` accepts, with its rows. The simulator's rows are fixed by (test, agent, round), and
 * some of what a test needs is in most ranges, not all: an error round, a regional incident's loss
 * (about one 6-hour range in 20 of test 7001 has no round with over 1 % loss).
 */
export async function closedRangeHolding(
  request: APIRequestContext,
  baseURL: string,
  testId: string,
  hours: number,
  holds: (rows: ApiRow[]) => boolean,
): Promise<ClosedRange & { rows: ApiRow[] }> {
  for (let hoursBack = 0; hoursBack <= 48; hoursBack += hours) {
    const range = closedRange(hours, hoursBack);
    const rows = await fetchResultRows(request, baseURL, testId, range.query);
    if (holds(rows)) return { ...range, rows };
  }
  throw new Error(
    `no ${hours}-hour range of test ${testId} in the last two days has what is needed`,
  );
}

/**
 * The whole window is on screen: older intervals arrive after the newest hours, and each arrival
 * rebuilds the heatmaps (a hover on the old ones is dropped), so pointer work waits for this.
 */
export async function expectWholeWindow(page: Page): Promise<void> {
  await expect(page.getByTestId('results-progress')).toHaveCount(0, { timeout: 60_000 });
}

/**
 * The tooltip's texts (agent, time, value, …) of the cell of `heatmap` at `position`, read fresh:
 * the pointer leaves the heatmap first, so the text read is never the previous cell's. For a page
 * with no heatmap focused: a focused heatmap shows its keyboard cursor's tooltip, which the pointer
 * leaving does not hide, and the wait for it to hide would time out.
 */
export async function tooltipTextsAt(
  page: Page,
  heatmap: Locator,
  position: { x: number; y: number },
): Promise<string[]> {
  const tooltip = page.getByRole('tooltip');
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  await heatmap.hover({ position });
  // A loaded machine may still be drawing the MOS charts when the pointer arrives.
  await expect(tooltip).toBeVisible({ timeout: 45_000 });
  return tooltip.locator('strong, span').allTextContents();
}

/**
 * A results request for the live edge, `startDate` and no `endDate`: the page's refresh. A closed
 * interval (both) is asked for once, when it closes or when a window first needs it, and may be
 * answered from the Earshot server's interval cache without reaching upstream: not a refresh.
 */
export function isLiveEdgeQuery(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('startDate') && !params.has('endDate');
}

/** "2026-11-26 01:50 UTC", as the dashboard writes a round's time in UTC. */
export function utcMinute(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How a canvas painted: pixels that are not transparent, and how many distinct colours. */
export async function canvasPaint(
  heatmap: Locator,
): Promise<{ width: number; height: number; painted: number; colours: number }> {
  return heatmap.locator('canvas:not(.heatmap-crosshair)').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) {
      return { width: canvas.width, height: canvas.height, painted: 0, colours: 0 };
    }
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 0) {
        painted++;
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
    }
    return { width: canvas.width, height: canvas.height, painted, colours: colours.size };
  });
}

export interface SimulatorLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
}

/** The simulator's test-only request log (servers started with EARSHOT_SIM_FAULTS=1). */
export async function simulatorRequests(
  request: APIRequestContext,
  simulatorUrl: string,
): Promise<SimulatorLogEntry[]> {
  const response = await request.get(`${simulatorUrl}/_simulator/requests`);
  if (!response.ok()) throw new Error(`request log answered ${response.status()}`);
  return ((await response.json()) as { log: SimulatorLogEntry[] }).log;
}

/** The value the open round-details dialog gives for `label` ("Agent", "MOS", …). */
export function roundDetailsField(page: Page, label: string): Locator {
  return page
    .getByRole('dialog', { name: 'Round details' })
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** The test list's count of the latest round's agents by band: "2 of 30 agents poor", … */
export const AGENTS_BY_HEALTH =
  /(\d+ of \d+ agents? (poor|fair)|\d+ poor, \d+ fair of \d+ agents?|All \d+ agents good|1 agent good)/
    .source;
