// The v6 endpoints (legacy, and the seed): integer ids, 0/1 flags, `.json`/`.xml` suffixes,
// `from`/`to` time ranges and `pages.next` links that resume by lastRoundId. Every v6 route, one
// after another, so the version reads top to bottom; what v7 shares with it is in context.ts.
import { formatUtcDateTime, parseTimeRange, resolveTimeRange } from '../../common/time-window.ts';
import { ACCOUNT_GROUPS, type TestSpec, type VoiceTestSpec } from './catalog.ts';
import {
  findOwnTest,
  formatOncePerValue,
  isVoice,
  latestRoundRange,
  listedAgents,
  measurementsOf,
  pageOfRows,
  permalinkFor,
  pinnedEndMs,
  testsOfRequest,
  withAid,
  type RequestContext,
  type Route,
} from './context.ts';
import { sendBody, sendError, sendOk } from './reply.ts';
import { roundsInRange, type SimRow } from './results.ts';

/** Routes match the path with its `.json`/`.xml` suffix already removed. */
export const V6_ROUTES: Route[] = [
  {
    pattern: /^\/v6\/tests(\/voice)?$/,
    handler: (ctx, match) => listTests(ctx, match[1] !== undefined),
  },
  { pattern: /^\/v6\/tests\/(\d+)$/, handler: (ctx, match) => oneTest(ctx, match[1] ?? '') },
  {
    pattern: /^\/v6\/voice\/rtp-stream\/(\d+)$/,
    handler: (ctx, match) => results(ctx, match[1] ?? ''),
  },
  {
    pattern: /^\/v6\/voice\/metrics\/(\d+)$/,
    handler: (ctx, match) => movedToRtpStream(ctx, match[1] ?? ''),
  },
  { pattern: /^\/v6\/account-groups$/, handler: accountGroups },
  { pattern: /^\/v6\/agents$/, handler: agents },
  {
    pattern: /^\/v6\/status$/,
    handler: (ctx) => sendOk(ctx.reply, { timestamp: Math.floor(ctx.nowMs) }),
  },
];

/** Splits a `.json`/`.xml` suffix off a v6 path. */
export function splitSuffix(path: string): { path: string; suffix: 'json' | 'xml' | undefined } {
  const match = /^(.*)\.(json|xml)$/.exec(path);
  if (!match) return { path, suffix: undefined };
  return { path: match[1] ?? path, suffix: match[2] as 'json' | 'xml' };
}

/**
 * v6's output format, with API.md's precedence: the path's suffix, else an Accept header that
 * names JSON or XML, else `format=`, else JSON. Returns undefined for an unknown `format`.
 */
export function chooseFormat(
  suffix: 'json' | 'xml' | undefined,
  accept: string | undefined,
  formatParam: string | null,
): 'json' | 'xml' | undefined {
  if (suffix) return suffix;
  for (const part of (accept ?? '').split(',')) {
    const type = (part.split(';')[0] ?? '').trim().toLowerCase();
    if (type === 'application/xml' || type === 'text/xml') return 'xml';
    if (type === 'application/json') return 'json';
  }
  if (formatParam === null) return 'json';
  const format = formatParam.toLowerCase();
  return format === 'json' || format === 'xml' ? format : undefined;
}

function testBody(ctx: RequestContext, test: TestSpec): Record<string, unknown> {
  const common = {
    enabled: test.enabled ? 1 : 0,
    savedEvent: 0,
    testId: test.testId,
    testName: test.testName,
    type: test.type,
    interval: test.interval,
    alertsEnabled: test.alertsEnabled ? 1 : 0,
    liveShare: 0,
    createdDate: test.createdDate,
    createdBy: 'Simulated Admin (admin@acme.example)',
    modifiedDate: test.modifiedDate,
    modifiedBy: 'Simulated Admin (admin@acme.example)',
  };
  if (!isVoice(test)) {
    return {
      ...common,
      url: test.url,
      apiLinks: [
        { rel: 'self', href: withAid(ctx, `${ctx.origin}/v6/tests/${test.testId}`) },
        { rel: 'data', href: withAid(ctx, `${ctx.origin}/v6/web/http-server/${test.testId}`) },
      ],
    };
  }
  return {
    ...common,
    server: `${test.serverHost}:${test.port}`,
    codec: test.codec.name,
    codecId: test.codec.codecId,
    dscp: test.dscp.name,
    dscpId: test.dscp.id,
    jitterBuffer: test.jitterBuffer,
    duration: test.duration,
    targetAgentId: test.targetAgentId,
    apiLinks: [
      { rel: 'self', href: withAid(ctx, `${ctx.origin}/v6/tests/${test.testId}`) },
      { rel: 'data', href: withAid(ctx, `${ctx.origin}/v6/voice/rtp-stream/${test.testId}`) },
    ],
  };
}

/** /tests lists every test of the account group; /tests/voice its voice tests only. */
function listTests(ctx: RequestContext, voiceOnly: boolean): void {
  sendOk(ctx.reply, { test: testsOfRequest(ctx, voiceOnly).map((test) => testBody(ctx, test)) });
}

function ownTest(ctx: RequestContext, idText: string): TestSpec | undefined {
  const test = findOwnTest(ctx, idText);
  if (!test) {
    sendError(ctx.reply, 404, `Test ${idText} not found in account group ${ctx.aid}`);
    return undefined;
  }
  return test;
}

function oneTest(ctx: RequestContext, idText: string): void {
  const test = ownTest(ctx, idText);
  if (test) sendOk(ctx.reply, { test: [testBody(ctx, test)] });
}

function accountGroups(ctx: RequestContext): void {
  sendOk(ctx.reply, {
    accountGroups: ACCOUNT_GROUPS.filter((group) => group.assigned).map((group) => ({
      aid: group.aid,
      accountGroupName: group.name,
      current: group.aid === ctx.aid ? 1 : 0,
      default: group.aid === ACCOUNT_GROUPS[0]?.aid ? 1 : 0,
    })),
  });
}

const V6_AGENT_TYPES = {
  cloud: 'Cloud',
  enterprise: 'Enterprise',
  'enterprise-cluster': 'Enterprise Cluster',
} as const;

/** v6 spells agent states capitalised. */
function v6State(state: string): string {
  return `${state.slice(0, 1).toUpperCase()}${state.slice(1)}`;
}

/** The same agents as v7's /agents, in v6's spelling. */
function agents(ctx: RequestContext): void {
  sendOk(ctx.reply, {
    agents: listedAgents(ctx).map((agent) => ({
      agentId: agent.agentId,
      agentName: agent.agentName,
      agentType: V6_AGENT_TYPES[agent.agentType],
      countryId: agent.city.countryId,
      location: agent.location,
      ipAddresses: [agent.ipAddress],
      network: agent.network,
      enabled: agent.agentState === 'disabled' ? 0 : 1,
      ...(agent.agentState === undefined ? {} : { agentState: v6State(agent.agentState) }),
    })),
  });
}

/** Upstream renamed /voice/metrics to /voice/rtp-stream in 2018 and answers the old path 301. */
function movedToRtpStream(ctx: RequestContext, idText: string): void {
  const original = ctx.url.pathname;
  const suffix = /\.(json|xml)$/.exec(original)?.[0] ?? '';
  const location = `${ctx.origin}/v6/voice/rtp-stream/${idText}${suffix}${ctx.url.search}`;
  sendBody(
    ctx.reply,
    301,
    JSON.stringify({ errorMessage: `Moved permanently to ${location}` }),
    'application/json',
    {
      Location: location,
    },
  );
}

function rowBody(
  ctx: RequestContext,
  test: VoiceTestSpec,
  row: SimRow,
  dateOfSeconds: (seconds: number) => string,
): Record<string, unknown> {
  return {
    agentId: row.agent.agentId,
    agentName: row.agent.agentName,
    countryId: row.agent.city.countryId,
    date: dateOfSeconds(row.dateSeconds),
    roundId: row.roundId,
    permalink: permalinkFor(ctx.state, ctx.aid, test.testId, row.roundId, row.agent, 'v6'),
    dscp: row.dscp.id,
    dscpName: row.dscp.name,
    codecName: test.codec.name,
    codecMaxMos: test.codec.maxMos,
    errorDetail: row.errorDetail,
    serverIp: test.serverIp,
    ...measurementsOf(row),
  };
}

function results(ctx: RequestContext, idText: string): void {
  const test = ownTest(ctx, idText);
  if (!test) return;
  if (!isVoice(test)) {
    sendError(
      ctx.reply,
      400,
      `Test ${idText} is a ${test.type} test; voice results exist only for voice tests`,
    );
    return;
  }
  const params = ctx.url.searchParams;
  const parsed = parseTimeRange({
    window: params.get('window'),
    from: params.get('from'),
    to: params.get('to'),
  });
  if (!parsed.ok) return sendError(ctx.reply, 400, parsed.message);
  const lastRoundIdText = params.get('lastRoundId');
  if (lastRoundIdText !== null && !/^\d{1,12}$/.test(lastRoundIdText)) {
    return sendError(
      ctx.reply,
      400,
      `lastRoundId '${lastRoundIdText}': use the epoch seconds from pages.next`,
    );
  }
  const pageText = params.get('page');
  const currentPage =
    pageText !== null && /^\d{1,6}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
  const nowMs = ctx.nowMs;
  const { startMs, endMs } = parsed.value
    ? resolveTimeRange(parsed.value, nowMs)
    : latestRoundRange(test, nowMs);
  const span = endMs > startMs ? roundsInRange(test.interval, startMs, endMs, nowMs) : undefined;
  const { rows, more } = pageOfRows(ctx, test, span, {
    wholeRounds: true,
    after: lastRoundIdText === null ? undefined : { roundId: Number(lastRoundIdText) },
  });
  const dateOfSeconds = formatOncePerValue((seconds) =>
    formatUtcDateTime(seconds * 1000).replace('T', ' '),
  );
  const pages: Record<string, unknown> = { current: currentPage };
  const last = rows[rows.length - 1];
  if (more && last) {
    const suffix = /\.(json|xml)$/.exec(ctx.url.pathname)?.[0] ?? '';
    const next = new URLSearchParams({
      from: formatUtcDateTime(Math.max(0, startMs)),
      to: formatUtcDateTime(pinnedEndMs(endMs, span)),
      lastRoundId: String(last.roundId),
      page: String(currentPage + 1),
    });
    const format = params.get('format');
    if (format !== null) next.set('format', format);
    pages.next = withAid(
      ctx,
      `${ctx.origin}/v6/voice/rtp-stream/${test.testId}${suffix}?${next.toString()}`,
    );
  }
  sendOk(ctx.reply, {
    voice: {
      test: testBody(ctx, test),
      metrics: rows.map((row) => rowBody(ctx, test, row, dateOfSeconds)),
    },
    pages,
  });
}
