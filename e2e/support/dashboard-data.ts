// Helpers for the dashboard e2e tests: the rows the API returns (every page, through the Earshot
// proxy), whether a canvas painted, a field of the round-details dialog, and the simulator's
// request log.
import type { APIRequestContext, Locator, Page } from '@playwright/test';

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
