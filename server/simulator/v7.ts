// The v7 endpoints: bearer-only HAL JSON, string ids, cursor pagination. Over 300 lines: every
// v7 route the simulator answers, one after another, so the version reads top to bottom.
import { formatIsoUtc, parseUtcDateTime, parseWindow } from '../../common/time-window.ts';
import { ACCOUNT_GROUPS, type Agent, type TestSpec, type VoiceTestSpec } from './catalog.ts';
import {
  findOwnTest,
  formatOncePerValue,
  isVoice,
  latestRoundRange,
  listedAgents,
  pageOfRowBlock,
  permalinkParts,
  pinnedEndMs,
  testsOfRequest,
  v6DateToIso,
  withAid,
  type RequestContext,
  type Route,
} from './context.ts';
import { sendError, sendJsonText, sendOk } from './reply.ts';
import { roundsInRange, type RowBlock } from './results.ts';

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

/**
 * A page's `results` array as JSON text, written straight from the row columns. A week at 500
 * agents is a million rows, and building one object per row for JSON.stringify was most of the
 * simulator's time; the text is what JSON.stringify gave for those objects (same keys, order and
 * values; an error row has no measurements). What one agent's rows share (its `agent`, the
 * test's serverIp, codec and DSCP, its permalink around the roundId) is stringified once, so
 * escaping stays JSON.stringify's; numbers are String(n), JSON's own form for finite numbers.
 */
function resultsJson(ctx: RequestContext, test: VoiceTestSpec, rows: RowBlock): string[] {
  const dateJson = formatOncePerValue((seconds) => JSON.stringify(formatIsoUtc(seconds * 1000)));
  const page: PageFragments = {
    serverIp: `,"serverIp":${JSON.stringify(test.serverIp)}`,
    codec:
      `,"codecName":${JSON.stringify(test.codec.name)}` +
      `,"codecMaxMos":${JSON.stringify(test.codec.maxMos)}`,
  };
  const byAgent: (AgentFragments | undefined)[] = [];
  const fragmentsOf = (agentIndex: number): AgentFragments => {
    let fragments = byAgent[agentIndex];
    if (!fragments) {
      fragments = agentFragments(ctx, test, rows, rows.agents[agentIndex] as Agent, page);
      byAgent[agentIndex] = fragments;
    }
    return fragments;
  };
  // In pieces of a few tens of kB, as they are sent (reply.ts bodyPieces): one text of the whole
  // page would be copied whole to be sent.
  const pieces: string[] = [];
  let text = '[';
  for (let i = 0; i < rows.length; i += 1) {
    if (i % ROWS_PER_PIECE === 0 && i > 0) {
      pieces.push(text);
      text = '';
    }
    const fragments = fragmentsOf(rows.agentIndex[i] ?? 0);
    const roundId = rows.roundId[i] ?? 0;
    const dateSeconds = roundId + fragments.startOffset;
    const errorDetail = rows.errorDetailAt(i);
    if (i > 0) text += ',';
    // startTime and endTime are integer epoch seconds, as the spec types them (only `date` is ISO).
    text +=
      `{"roundId":${roundId},"date":${dateJson(dateSeconds)}` +
      `,"startTime":${dateSeconds},"endTime":${dateSeconds + test.duration}` +
      fragments.fields;
    if (errorDetail === '') {
      text +=
        `"","mos":${jsonNumber(rows.mos[i])},"loss":${jsonNumber(rows.loss[i])}` +
        `,"discards":${jsonNumber(rows.discards[i])},"latency":${jsonNumber(rows.latency[i])}` +
        `,"pdv":${jsonNumber(rows.pdv[i])}`;
    } else {
      text += JSON.stringify(errorDetail);
    }
    text += fragments.namesRound
      ? `${fragments.linkBefore}${roundId}${fragments.linkAfter}`
      : fragments.linkBefore;
  }
  pieces.push(`${text}]`);
  return pieces;
}

/** Rows of text per piece: ~500 bytes each, so a piece is ~30 kB. */
const ROWS_PER_PIECE = 64;

/** What every row of a page shares, as `,"key":value` text. */
interface PageFragments {
  serverIp: string;
  /** codecName and codecMaxMos. */
  codec: string;
}

/** One agent's share of its rows' text (see resultsJson). */
interface AgentFragments {
  startOffset: number;
  /** From `,"agent":` to `"errorDetail":`, the value left to write. */
  fields: string;
  /** The `_links` member and the row's closing brace, around the roundId when namesRound. */
  linkBefore: string;
  linkAfter: string;
  namesRound: boolean;
}

function agentFragments(
  ctx: RequestContext,
  test: VoiceTestSpec,
  rows: RowBlock,
  agent: Agent,
  page: PageFragments,
): AgentFragments {
  const agentBody = {
    agentId: String(agent.agentId),
    agentName: agent.agentName,
    countryId: agent.city.countryId,
    location: agent.location,
  };
  const dscp = rows.dscpOf(agent);
  const fields =
    `,"agent":${JSON.stringify(agentBody)}${page.serverIp}` +
    `,"dscp":${JSON.stringify(String(dscp.id))},"dscpName":${JSON.stringify(dscp.name)}` +
    `${page.codec},"errorDetail":`;
  const link = permalinkParts(ctx.state, ctx.aid, test.testId, agent, 'v7');
  const linkOpen = ',"_links":{"appLink":{"href":';
  const linkClose = '}}}';
  // Split around the roundId: the quotes JSON.stringify adds come off the inner ends.
  return {
    startOffset: rows.startOffsetOf(agent),
    fields,
    linkBefore: link.namesRound
      ? `${linkOpen}${JSON.stringify(link.before).slice(0, -1)}`
      : `${linkOpen}${JSON.stringify(link.before)}${linkClose}`,
    linkAfter: link.namesRound ? `${JSON.stringify(link.after).slice(1)}${linkClose}` : '',
    namesRound: link.namesRound,
  };
}

/** A number as JSON writes it: String(n) when finite, else null. */
function jsonNumber(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? String(value) : 'null';
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
  const { rows, more } = pageOfRowBlock(ctx, test, span, { after });
  const links: Record<string, { href: string }> = selfLink(ctx);
  const last = rows.length - 1;
  if (more && last >= 0) {
    const cursor = encodeCursor({
      testId: test.testId,
      aid: ctx.aid,
      startMs: Math.max(0, Math.floor(startMs)),
      endMs: Math.floor(pinnedEndMs(endMs, span)),
      roundId: rows.roundId[last] ?? 0,
      agentId: (rows.agents[rows.agentIndex[last] ?? 0] as Agent).agentId,
    });
    links.next = {
      href: withAid(
        ctx,
        `${ctx.origin}/v7/test-results/${test.testId}/rtp-server?cursor=${cursor}`,
      ),
    };
  }
  // The body JSON.stringify would write for { results, test, startDate, endDate, _links }, the
  // results written as text (resultsJson).
  const rest = JSON.stringify({
    test: testBody(ctx, test),
    startDate: formatIsoUtc(Math.max(0, startMs)),
    endDate: formatIsoUtc(Math.max(0, endMs)),
    _links: links,
  });
  sendJsonText(ctx.reply, ['{"results":', ...resultsJson(ctx, test, rows), `,${rest.slice(1)}`]);
}
