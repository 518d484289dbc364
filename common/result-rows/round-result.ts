// One round of one agent, as Earshot holds it (the one definition, used by the browser and by the
// server, which reads closed intervals into columns: round-columns.ts), and what the v7 and v6 row
// readers share: the permalink rule, the date fallback and the measurements every result row
// carries under the same names.
import {
  readMos,
  readNonNegative,
  readOptionalText,
  readPercent,
  type RowPlace,
} from './row-fields.ts';

export interface RoundResult {
  agentId: string;
  agentName: string;
  /** ISO-3166-1 alpha-2, or '' when upstream did not say. */
  countryId: string;
  /** Where the agent is (v7 `agent.location`), when upstream said. */
  agentLocation?: string | undefined;
  /** Epoch seconds at the start of the round; a multiple of the test interval. */
  roundId: number;
  /** Epoch ms, UTC. */
  dateMs: number;
  /** Only an https: URL on app.thousandeyes.com; anything else is kept as text in permalinkText. */
  permalink: string | undefined;
  /** What upstream sent as the permalink, when it was not safe to link to. */
  permalinkText: string | undefined;
  dscp: string;
  dscpName: string;
  mos: number | undefined;
  codecName: string;
  codecMaxMos: number | undefined;
  /** Percent of packets lost, 0–100. */
  loss: number | undefined;
  /** Percent of packets discarded (v6 documents a count, sends 0.0; v7 says percent). */
  discards: number | undefined;
  /** Milliseconds. */
  latency: number | undefined;
  /** Packet delay variation, milliseconds. */
  pdv: number | undefined;
  /** '' means no error. */
  errorDetail: string;
  serverIp: string | undefined;
}

/**
 * Rows a results download left out because the view cannot place them (the spec makes every field
 * of a row optional), by reason. The page says how many, never drops them silently.
 */
export interface SkippedRows {
  withoutAgent: number;
  withoutRound: number;
}

const PERMALINK_HOST = 'app.thousandeyes.com';

/**
 * Permalinks that `new URL` would hand back exactly as written: the web app's origin, then only
 * characters the URL parser keeps as they are (no quote, space, backslash, `#`, `^`, braces or
 * non-ASCII). Dot segments (`/.`, `%2e`) are left to the parser, which would rewrite them.
 */
const PLAIN_PERMALINK = /^https:\/\/app\.thousandeyes\.com\/[\w\-.~!$&()*+,;=:@/?%]*$/;
const DOT_SEGMENT = /\/\.|%2e/i;

/** A link permalinkHref keeps exactly as it is, decided without building a URL. */
export function isPlainPermalink(raw: string): boolean {
  return PLAIN_PERMALINK.test(raw) && !DOT_SEGMENT.test(raw);
}

/**
 * A permalink comes from upstream data, so it is untrusted: only an https: URL on the
 * ThousandEyes web app becomes a link; anything else (javascript:, another host) is kept as text.
 * Returns the link, or undefined when `raw` must not be linked to.
 */
export function permalinkHref(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // The common case, decided without building a URL: a million rows may each carry one.
  if (isPlainPermalink(raw)) return raw;
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.hostname === PERMALINK_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  ) {
    return url.href;
  }
  return undefined;
}

/** What upstream sent as the permalink when it may not be linked to; blank text is nothing. */
export function unlinkedPermalinkText(
  raw: string | undefined,
  href: string | undefined,
): string | undefined {
  return href !== undefined || raw === undefined || raw.trim() === '' ? undefined : raw;
}

/** The row's date when upstream sent a readable one, else the start of its round. */
export function dateOrRoundStart(parsedMs: number | undefined, roundId: number): number {
  return parsedMs ?? roundId * 1000;
}

/** What each version spells its own way in a result row, already read and checked. */
export interface RowIdentity {
  agentId: string;
  agentName: string | undefined;
  countryId: string | undefined;
  /** Where the agent is (v7 `agent.location`). */
  agentLocation?: string | undefined;
  roundId: number;
  /** The row's date when upstream sent a readable one. */
  dateMs: number | undefined;
  /** The permalink as sent (v6 `permalink`, v7 `_links.appLink.href`). */
  rawPermalink: string | undefined;
}

/** A result row: its identity, and the measurements both versions name alike, checked here. */
export function readRoundResult(
  row: Record<string, unknown>,
  place: RowPlace,
  identity: RowIdentity,
): RoundResult {
  const { agentId, roundId, rawPermalink } = identity;
  const permalink = permalinkHref(rawPermalink);
  return {
    agentId,
    agentName: identity.agentName ?? agentId,
    countryId: identity.countryId ?? '',
    agentLocation: identity.agentLocation,
    roundId,
    dateMs: dateOrRoundStart(identity.dateMs, roundId),
    permalink,
    permalinkText: unlinkedPermalinkText(rawPermalink, permalink),
    dscp: readOptionalText(row.dscp, place, 'dscp') ?? '',
    dscpName: readOptionalText(row.dscpName, place, 'dscpName') ?? '',
    mos: readMos(row.mos, place, 'mos'),
    codecName: readOptionalText(row.codecName, place, 'codecName') ?? '',
    codecMaxMos: readMos(row.codecMaxMos, place, 'codecMaxMos'),
    loss: readPercent(row.loss, place, 'loss'),
    discards: readNonNegative(row.discards, place, 'discards'),
    latency: readNonNegative(row.latency, place, 'latency'),
    pdv: readNonNegative(row.pdv, place, 'pdv'),
    errorDetail: readOptionalText(row.errorDetail, place, 'errorDetail') ?? '',
    serverIp: readOptionalText(row.serverIp, place, 'serverIp'),
  };
}
