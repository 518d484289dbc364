// The v7 endpoints: bearer-only HAL JSON, string ids, cursor pagination. Over 300 lines: every
// v7 route the simulator answers, one after another, so the version reads top to bottom.
import { formatIsoUtc, parseUtcDateTime, parseWindow } from '../../common/time-window.ts';
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
  v6DateToIso,
  withAid,
  type RequestContext,
  type Route,
} from './context.ts';
import { sendError, sendOk } from './reply.ts';
import { roundsInRange, type SimRow } from './results.ts';

export const V7_ROUTES: Route[] = [
  {
    pattern: /^\/v7\/tests(\/voice)?$/,
    handler: (ctx, match) => listTests(ctx, match[1] !== undefined),
  },
  {
    pattern: /^\/v7\/tests\/voice\/([^/]+)$/,
    handler: (ctx, match) => oneVoiceTest(ctx, match[1] ?? ''),
  },
  {
    pattern: /^\/v7\/test-results\/([^/]+)\/rtp-server$/,
    handler: (ctx, match) => results(ctx, match[1] ?? ''),
  },
  { pattern: /^\/v7\/account-groups$/, handler: accountGroups },
  { pattern: /^\/v7\/agents$/, handler: agents },
];

function testBody(ctx: RequestContext, test: TestSpec): Record<string, unknown> {
  const common = {
    testId: String(test.testId),
    testName: test.testName,
    type: test.type,
    interval: test.interval,
    enabled: test.enabled,
    alertsEnabled: test.alertsEnabled,
    createdBy: 'Simulated Admin (admin@acme.example)',
    createdDate: v6DateToIso(test.createdDate),
    modifiedBy: 'Simulated Admin (admin@acme.example)',
    modifiedDate: v6DateToIso(test.modifiedDate),
    labels: [],
  };
  if (!isVoice(test)) {
    return {
      ...common,
      url: test.url,
      _links: { self: { href: withAid(ctx, `${ctx.origin}/v7/tests/http-server/${test.testId}`) } },
    };
  }
  return {
    ...common,
    codec: test.codec.name,
    codecId: String(test.codec.codecId),
    dscp: test.dscp.name,
    dscpId: String(test.dscp.id),
    duration: test.duration,
    jitterBuffer: test.jitterBuffer,
    targetAgentId: String(test.targetAgentId),
    port: test.port,
    _links: {
      self: { href: withAid(ctx, `${ctx.origin}/v7/tests/voice/${test.testId}`) },
      testResults: [
        { href: withAid(ctx, `${ctx.origin}/v7/test-results/${test.testId}/rtp-server`) },
      ],
    },
  };
}

function selfLink(ctx: RequestContext): { self: { href: string } } {
  return { self: { href: `${ctx.origin}${ctx.url.pathname}${ctx.url.search}` } };
}

/** /tests lists every test of the account group; /tests/voice its voice tests only. */
function listTests(ctx: RequestContext, voiceOnly: boolean): void {
  const tests = testsOfRequest(ctx, voiceOnly).map((test) => testBody(ctx, test));
  sendOk(ctx.reply, { tests, _links: selfLink(ctx) });
}

/** A test the current account group owns, or undefined (and a 404 sent). */
function ownTest(ctx: RequestContext, idText: string): TestSpec | undefined {
  const test = findOwnTest(ctx, idText);
  if (!test) {
    sendError(ctx.reply, 404, `Test with id '${idText}' not found in account group ${ctx.aid}`);
    return undefined;
  }
  return test;
}

function oneVoiceTest(ctx: RequestContext, idText: string): void {
  const test = ownTest(ctx, idText);
  if (!test) return;
  if (!isVoice(test)) {
    sendError(ctx.reply, 404, `Test with id '${idText}' is not a voice test`);
    return;
  }
  sendOk(ctx.reply, testBody(ctx, test));
}

function accountGroups(ctx: RequestContext): void {
  sendOk(ctx.reply, {
    accountGroups: ACCOUNT_GROUPS.filter((group) => group.assigned).map((group) => ({
      aid: String(group.aid),
      accountGroupName: group.name,
      isCurrentAccountGroup: group.aid === ctx.aid,
      isDefaultAccountGroup: group.aid === ACCOUNT_GROUPS[0]?.aid,
      organizationName: 'Acme Corporation (simulated)',
    })),
    _links: selfLink(ctx),
  });
}

/** Cloud and enterprise agents as the spec's CloudEnterpriseAgent. */
function agents(ctx: RequestContext): void {
  sendOk(ctx.reply, {
    agents: listedAgents(ctx).map((agent) => ({
      agentId: String(agent.agentId),
      agentName: agent.agentName,
      agentType: agent.agentType,
      countryId: agent.city.countryId,
      location: agent.location,
      ipAddresses: [agent.ipAddress],
      network: agent.network,
      enabled: agent.agentState !== 'disabled',
      ...(agent.agentState === undefined ? {} : { agentState: agent.agentState }),
      _links: { self: { href: withAid(ctx, `${ctx.origin}/v7/agents/${agent.agentId}`) } },
    })),
    _links: selfLink(ctx),
  });
}

/** The opaque cursor: which range the first page fixed, and the last row served. */
interface Cursor {
  testId: number;
  aid: number;
  startMs: number;
  endMs: number;
  roundId: number;
  agentId: number;
}

function encodeCursor(cursor: Cursor): string {
  const packed = [
    cursor.testId,
    cursor.aid,
    cursor.startMs,
    cursor.endMs,
    cursor.roundId,
    cursor.agentId,
  ];
  return Buffer.from(`c1:${packed.join(':')}`, 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^c1:(\d+):(\d+):(\d+):(\d+):(\d+):(\d+)$/.exec(decoded);
  if (!match) return undefined;
  const [testId, aid, startMs, endMs, roundId, agentId] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { testId, aid, startMs, endMs, roundId, agentId };
}

const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$/;

function parseIsoParam(
  name: string,
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const match = ISO_PATTERN.exec(text);
  if (!match) {
    return {
      ok: false,
      message: `${name} '${text}': use ISO 8601 in UTC, such as 2026-01-31T14:00:00Z`,
    };
  }
  return parseUtcDateTime(name, match[1] ?? '');
}

function rowBody(
  ctx: RequestContext,
  test: VoiceTestSpec,
  row: SimRow,
  isoOfSeconds: (seconds: number) => string,
): Record<string, unknown> {
  return {
    roundId: row.roundId,
    date: isoOfSeconds(row.dateSeconds),
    // Integer epoch seconds, as the spec types them (only `date` is ISO).
    startTime: row.dateSeconds,
    endTime: row.dateSeconds + test.duration,
    agent: {
      agentId: String(row.agent.agentId),
      agentName: row.agent.agentName,
      countryId: row.agent.city.countryId,
      location: row.agent.location,
    },
    serverIp: test.serverIp,
    dscp: String(row.dscp.id),
    dscpName: row.dscp.name,
    codecName: test.codec.name,
    codecMaxMos: test.codec.maxMos,
    errorDetail: row.errorDetail,
    ...measurementsOf(row),
    _links: {
      appLink: {
        href: permalinkFor(ctx.state, ctx.aid, test.testId, row.roundId, row.agent, 'v7'),
      },
    },
  };
}

function results(ctx: RequestContext, idText: string): void {
  const test = ownTest(ctx, idText);
  if (!test) return;
  if (!isVoice(test)) {
    sendError(
      ctx.reply,
      400,
      `Test '${idText}' is a ${test.type} test; rtp-server results exist only for voice tests`,
      { field: 'testId' },
    );
    return;
  }
  const params = ctx.url.searchParams;
  const nowMs = ctx.nowMs;
  let startMs: number;
  let endMs: number;
  let after: { roundId: number; afterAgentId: number } | undefined;
  const cursorText = params.get('cursor');
  if (cursorText !== null) {
    const cursor = decodeCursor(cursorText);
    if (!cursor || cursor.testId !== test.testId || cursor.aid !== ctx.aid) {
      sendError(
        ctx.reply,
        400,
        `cursor '${cursorText}': not a cursor this endpoint issued; follow _links.next.href as given`,
        {
          field: 'cursor',
        },
      );
      return;
    }
    ({ startMs, endMs } = cursor);
    after = { roundId: cursor.roundId, afterAgentId: cursor.agentId };
  } else {
    const window = params.get('window');
    const startDate = params.get('startDate');
    const endDate = params.get('endDate');
    if (window !== null && (startDate !== null || endDate !== null)) {
      sendError(
        ctx.reply,
        400,
        'window cannot be combined with startDate/endDate: send one or the other',
        {
          field: 'window',
        },
      );
      return;
    }
    if (window !== null) {
      const parsed = parseWindow(window);
      if (!parsed.ok) return sendError(ctx.reply, 400, parsed.message, { field: 'window' });
      startMs = nowMs - parsed.value * 1000;
      endMs = nowMs;
    } else if (startDate !== null) {
      const start = parseIsoParam('startDate', startDate);
      if (!start.ok) return sendError(ctx.reply, 400, start.message, { field: 'startDate' });
      startMs = start.value;
      endMs = nowMs;
      if (endDate !== null) {
        const end = parseIsoParam('endDate', endDate);
        if (!end.ok) return sendError(ctx.reply, 400, end.message, { field: 'endDate' });
        if (end.value <= start.value) {
          return sendError(
            ctx.reply,
            400,
            `startDate '${startDate}' must be before endDate '${endDate}'`,
            {
              field: 'startDate',
            },
          );
        }
        endMs = Math.min(end.value, nowMs);
      }
    } else if (endDate !== null) {
      return sendError(ctx.reply, 400, `endDate '${endDate}' needs a startDate`, {
        field: 'endDate',
      });
    } else {
      ({ startMs, endMs } = latestRoundRange(test, nowMs));
    }
  }
  const span = roundsInRange(test.interval, startMs, endMs, nowMs);
  const { rows, more } = pageOfRows(ctx, test, span, { after });
  const isoOfSeconds = formatOncePerValue((seconds) => formatIsoUtc(seconds * 1000));
  const links: Record<string, { href: string }> = selfLink(ctx);
  const last = rows[rows.length - 1];
  if (more && last) {
    const cursor = encodeCursor({
      testId: test.testId,
      aid: ctx.aid,
      startMs: Math.max(0, Math.floor(startMs)),
      endMs: Math.floor(pinnedEndMs(endMs, span)),
      roundId: last.roundId,
      agentId: last.agent.agentId,
    });
    links.next = {
      href: withAid(
        ctx,
        `${ctx.origin}/v7/test-results/${test.testId}/rtp-server?cursor=${cursor}`,
      ),
    };
  }
  sendOk(ctx.reply, {
    results: rows.map((row) => rowBody(ctx, test, row, isoOfSeconds)),
    test: testBody(ctx, test),
    startDate: formatIsoUtc(Math.max(0, startMs)),
    endDate: formatIsoUtc(Math.max(0, endMs)),
    _links: links,
  });
}
