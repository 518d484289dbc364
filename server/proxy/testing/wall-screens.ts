// Test and bench support: simulated wall screens, plain HTTP clients that ask what a wall asks
// (config, the voice tests, then each test's live edge every round), spread round-robin across
// Earshot replicas behind a load balancer; and what a round cost, counted at the simulated
// ThousandEyes behind them. The replicas may be in this process or real processes.
import { rawRequest, type RawAnswer } from './fake-upstream.ts';

/** The simulator's default account group, whose voice tests the screens show. */
export const AID = 1001;

/** One request as the simulator's request log has it. */
export interface UpstreamRequest {
  path: string;
  /** 0 while unanswered (or reset). */
  status: number;
}

/** What the screens need: the replicas' URLs and the simulator's request log. */
export interface ReplicaSet {
  urls: string[];
  /** Requests that reached the simulator since the last reset, oldest first. */
  upstreamRequests(): Promise<UpstreamRequest[]>;
  resetUpstreamRequests(): Promise<void>;
}

export type Answer = RawAnswer;

/** A plain GET on a fresh connection, as a screen behind the load balancer (its own X-Forwarded-For). */
export function get(base: string, path: string, client: string): Promise<Answer> {
  return rawRequest(base, path, {
    headers: { 'X-Forwarded-For': client, Accept: 'application/json' },
  });
}

export interface Screen {
  client: string;
  server: string;
  testIds: number[];
}

/** `count` screens, round-robin across the replicas; each opens the wall (config, then tests). */
export async function openScreens(replicas: ReplicaSet, count: number): Promise<Screen[]> {
  const screens: Screen[] = [];
  for (let index = 0; index < count; index += 1) {
    const server = replicas.urls[index % replicas.urls.length] ?? '';
    screens.push({ client: `10.0.0.${index + 1}`, server, testIds: [] });
  }
  await Promise.all(
    screens.map(async (screen) => {
      const config = await get(screen.server, '/api/earshot/config', screen.client);
      if (config.status !== 200) throw new Error(`config answered ${config.status}`);
      const tests = await get(screen.server, `/api/v7/tests/voice?aid=${AID}`, screen.client);
      if (tests.status !== 200) throw new Error(`tests answered ${tests.status}: ${tests.body}`);
      const body = JSON.parse(tests.body) as { tests?: { testId?: unknown; enabled?: unknown }[] };
      screen.testIds = (body.tests ?? [])
        .filter((test) => test.enabled !== false)
        .map((test) => Number(test.testId));
    }),
  );
  return screens;
}

/**
 * The query of a live-edge refresh as the wall asks it: the rounds from `startMs` on, no end. Every
 * screen asks the same one in a round, and a new one the next round.
 */
export function liveEdgeQuery(startMs: number): string {
  const startDate = new Date(startMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `aid=${AID}&startDate=${encodeURIComponent(startDate)}`;
}

export interface RoundFigures {
  /** Results calls that reached the simulator this round (all pages). */
  upstreamResultsCalls: number;
  /** Of those, refused by the simulator's rate limit. */
  upstream429: number;
  /** What the screens got, by status. */
  screenStatuses: Record<number, number>;
  screenRequests: number;
  /** Answers that were neither 200 nor a 429 with Retry-After, and requests that got none. */
  unanswered: number;
}

/** One round: every screen asks every test's results with `resultsQuery`, all at once. */
export async function playRound(
  replicas: ReplicaSet,
  screens: Screen[],
  resultsQuery: string,
): Promise<RoundFigures> {
  await replicas.resetUpstreamRequests();
  const screenStatuses: Record<number, number> = {};
  let unanswered = 0;
  const asks = screens.flatMap((screen) =>
    screen.testIds.map(async (testId) => {
      let answer: Answer;
      try {
        answer = await get(
          screen.server,
          `/api/v7/test-results/${testId}/rtp-server?${resultsQuery}`,
          screen.client,
        );
      } catch {
        unanswered += 1;
        return;
      }
      screenStatuses[answer.status] = (screenStatuses[answer.status] ?? 0) + 1;
      const honest429 = answer.status === 429 && answer.headers['retry-after'] !== undefined;
      if (answer.status !== 200 && !honest429) unanswered += 1;
    }),
  );
  await Promise.all(asks);
  const results = (await replicas.upstreamRequests()).filter((entry) =>
    entry.path.includes('/rtp-server'),
  );
  return {
    upstreamResultsCalls: results.length,
    upstream429: results.filter((entry) => entry.status === 429).length,
    screenStatuses,
    screenRequests: asks.length,
    unanswered,
  };
}

export function describeRound(label: string, figures: RoundFigures): string {
  const statuses = Object.entries(figures.screenStatuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(' ');
  return `${label.padEnd(22)} upstream results calls ${String(figures.upstreamResultsCalls).padStart(3)} (429 at upstream: ${figures.upstream429}); screens ${figures.screenRequests} requests: ${statuses}`;
}
