// The simulated organisation: account groups, their tests, the agents and where they sit. Pure
// data and pure functions of the options; nothing here knows about HTTP or API versions.
// Over 300 lines because most of it is data tables read together as one organisation (codecs,
// DSCPs, account groups, every test); the cities are their own table, cities.ts.
import {
  codecImpairmentFor,
  codecProfileById,
  type ThousandEyesCodecId,
} from '../../common/e-model-codecs.ts';
import { modelMos } from '../../common/e-model.ts';
import { CITIES } from './cities.ts';
import { hashInts, hashString, unit } from './prng.ts';

export type Region = 'EU' | 'NA' | 'SA' | 'AS' | 'OC' | 'AF' | 'ME';
export const REGIONS: readonly Region[] = ['EU', 'NA', 'SA', 'AS', 'OC', 'AF', 'ME'];

export interface City {
  code: string;
  name: string;
  countryId: string;
  country: string;
  region: Region;
  lat: number;
  lon: number;
}

export function cityByCode(code: string): City {
  const city = CITIES.find((candidate) => candidate.code === code);
  if (!city) throw new Error(`simulator catalog: no city '${code}'`);
  return city;
}

/** Great-circle distance in km. */
export function distanceKm(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Codec {
  /** The name v7 gives the codec (the spec's `codecId` list). */
  name: string;
  /** The spec's `codecId`, "0"–"9" in v7 (v6 sends the same number as an integer). */
  codecId: number;
  /** The codec's MOS ceiling: the E-model's MOS with no network impairment (see e-model.test.ts). */
  maxMos: number;
  /** E-model equipment impairment and loss robustness. */
  ie: number;
  bpl: number;
  packetisationMs: number;
}

// The ten codecs of the published v7 spec, with its ids and names, and the E-model's Ie and Bpl
// for each from common/e-model-codecs.ts (ITU-T G.113 where it lists the codec, stand-ins argued
// in docs/e-model.md): the table the app attributes with, so the two never disagree. maxMos is the
// model's MOS with no network impairment (G.711's 4.41 is the spec's own example). G.113 gives no
// Ie for RTAudio and SILK: for those the simulator picks a ceiling, and the Ie follows from it, as
// the app derives it from a row's codecMaxMos.
function codecOf(
  codecId: ThousandEyesCodecId,
  packetisationMs: number,
  ceilingWithoutG113?: number,
): Codec {
  const profile = codecProfileById(codecId);
  if (!profile) throw new Error(`codec ${codecId} is not in common/e-model-codecs.ts`);
  const { ie, bpl } = codecImpairmentFor(profile, ceilingWithoutG113 ?? 4.5);
  return {
    name: profile.name,
    codecId: Number(codecId),
    maxMos: Math.round(modelMos({ ie, bpl }, 0, 0) * 100) / 100,
    ie,
    bpl,
    packetisationMs,
  };
}

export const CODECS = {
  g711: codecOf('0', 20),
  g7221_24: codecOf('1', 20),
  g7221_32: codecOf('2', 20),
  g726: codecOf('3', 20),
  g7231: codecOf('4', 30),
  g729a: codecOf('5', 20),
  rtaudio45: codecOf('6', 20, 4.29),
  rtaudio278: codecOf('7', 20, 4.14),
  silk: codecOf('8', 20, 4.26),
  g722: codecOf('9', 20),
} as const satisfies Record<string, Codec>;

export interface Dscp {
  id: number;
  name: string;
}

export const DSCPS = {
  be: { id: 0, name: 'Best Effort (DSCP 0)' },
  cs1: { id: 8, name: 'CS1 (DSCP 8)' },
  cs3: { id: 24, name: 'CS3 (DSCP 24)' },
  af31: { id: 26, name: 'AF31 (DSCP 26)' },
  af41: { id: 34, name: 'AF41 (DSCP 34)' },
  ef: { id: 46, name: 'EF (DSCP 46)' },
} as const satisfies Record<string, Dscp>;

export interface AccountGroup {
  aid: number;
  name: string;
  /** Only groups the user is assigned to are visible; the rest answer 403. */
  assigned: boolean;
}

export const ACCOUNT_GROUPS: readonly AccountGroup[] = [
  { aid: 1001, name: 'Acme Voice NOC', assigned: true },
  { aid: 1002, name: 'Acme EMEA', assigned: true },
  { aid: 1003, name: 'Acme Labs', assigned: true },
  { aid: 1900, name: 'Globex (another customer)', assigned: false },
];

export const DEFAULT_AID = 1001;

interface TestBase {
  testId: number;
  aid: number;
  testName: string;
  interval: 60 | 120 | 300 | 600 | 900 | 1800 | 3600;
  enabled: boolean;
  alertsEnabled: boolean;
  createdDate: string;
  modifiedDate: string;
}

export type AgentType = 'cloud' | 'enterprise' | 'enterprise-cluster';
/** The spec's agent states (cloud agents carry none). */
export type AgentState = 'online' | 'offline' | 'disabled' | 'unknown';

/** The enterprise agent (or cluster) a voice test streams to: listed by /agents like any other. */
export interface TargetAgent {
  agentId: number;
  agentName: string;
  agentType: 'enterprise' | 'enterprise-cluster';
  agentState: AgentState;
  city: City;
  location: string;
  /** The address the stream goes to: the rows' `serverIp`. */
  ipAddress: string;
  network: string;
}

export interface VoiceTestSpec extends TestBase {
  type: 'voice';
  codec: Codec;
  dscp: Dscp;
  jitterBuffer: number;
  duration: number;
  port: number;
  target: City;
  targetAgentId: number;
  targetAgent: TargetAgent;
  /** v6's `server` names the target as `host:port`. */
  serverHost: string;
  serverIp: string;
}

export interface OtherTestSpec extends TestBase {
  type: 'http-server';
  url: string;
}

export type TestSpec = VoiceTestSpec | OtherTestSpec;

/** Acme's own network, as /agents names an enterprise agent's public network. */
export const ENTERPRISE_NETWORK = 'Acme Corporation (AS 64500)';

let serverIpSuffix = 10;
function voiceTest(
  spec: Omit<
    VoiceTestSpec,
    | 'type'
    | 'target'
    | 'targetAgent'
    | 'serverHost'
    | 'serverIp'
    | 'createdDate'
    | 'modifiedDate'
    | 'alertsEnabled'
  > & {
    targetCode: string;
    alertsEnabled?: boolean;
    /** Default: a standalone enterprise agent. */
    targetType?: TargetAgent['agentType'];
    targetState?: AgentState;
  },
): VoiceTestSpec {
  const { targetCode, targetType = 'enterprise', targetState = 'online', ...rest } = spec;
  serverIpSuffix += 7;
  const target = cityByCode(targetCode);
  // Every test streams to its own address, so rows of different tests never share a serverIp.
  const serverIp = `198.51.100.${serverIpSuffix}`;
  return {
    ...rest,
    type: 'voice',
    alertsEnabled: spec.alertsEnabled ?? true,
    target,
    targetAgent: {
      agentId: spec.targetAgentId,
      agentName:
        targetType === 'enterprise-cluster'
          ? `${targetCode}-voice-cluster`
          : `${targetCode}-voice-gw-${String(spec.testId % 100).padStart(2, '0')}`,
      agentType: targetType,
      agentState: targetState,
      city: target,
      location: `${target.name}, ${target.country}`,
      ipAddress: serverIp,
      network: ENTERPRISE_NETWORK,
    },
    serverHost: `voice-${targetCode}.acme.example`,
    serverIp,
    createdDate: '2025-03-04 09:12:44',
    modifiedDate: '2025-11-20 16:03:10',
  };
}

function httpTest(testId: number, aid: number, testName: string, url: string): OtherTestSpec {
  return {
    testId,
    aid,
    testName,
    type: 'http-server',
    interval: 300,
    enabled: true,
    alertsEnabled: true,
    url,
    createdDate: '2025-01-15 08:00:00',
    modifiedDate: '2025-06-02 12:30:00',
  };
}

export const TESTS: readonly TestSpec[] = [
  voiceTest({
    testId: 7001,
    aid: 1001,
    testName: 'HQ SIP trunk - Frankfurt',
    interval: 300,
    enabled: true,
    codec: CODECS.g711,
    dscp: DSCPS.ef,
    jitterBuffer: 40,
    duration: 10,
    port: 49152,
    targetCode: 'fra',
    targetAgentId: 501,
    targetType: 'enterprise-cluster',
  }),
  voiceTest({
    testId: 7002,
    aid: 1001,
    testName: 'Contact centre - Dallas',
    interval: 60,
    enabled: true,
    codec: CODECS.g7221_32,
    dscp: DSCPS.af41,
    jitterBuffer: 40,
    duration: 5,
    port: 49153,
    targetCode: 'dfw',
    targetAgentId: 502,
  }),
  voiceTest({
    testId: 7003,
    aid: 1001,
    testName: 'Branch voice - Singapore',
    interval: 120,
    enabled: true,
    codec: CODECS.g729a,
    dscp: DSCPS.cs3,
    jitterBuffer: 60,
    duration: 10,
    port: 49154,
    targetCode: 'sin',
    targetAgentId: 503,
  }),
  voiceTest({
    testId: 7004,
    aid: 1001,
    testName: 'Media relay - Amsterdam',
    interval: 600,
    enabled: true,
    codec: CODECS.silk,
    dscp: DSCPS.ef,
    jitterBuffer: 30,
    duration: 20,
    port: 3478,
    targetCode: 'ams',
    targetAgentId: 504,
  }),
  voiceTest({
    testId: 7005,
    aid: 1001,
    testName: 'Executive bridge - London',
    interval: 900,
    enabled: true,
    codec: CODECS.g722,
    dscp: DSCPS.af31,
    jitterBuffer: 40,
    duration: 30,
    port: 49155,
    targetCode: 'lon',
    targetAgentId: 505,
    alertsEnabled: false,
  }),
  voiceTest({
    testId: 7006,
    aid: 1001,
    testName: 'Legacy PBX - São Paulo',
    interval: 3600,
    enabled: false,
    codec: CODECS.g711,
    dscp: DSCPS.be,
    jitterBuffer: 80,
    duration: 10,
    port: 5004,
    targetCode: 'sao',
    targetAgentId: 506,
    targetState: 'offline',
    alertsEnabled: false,
  }),
  voiceTest({
    testId: 7007,
    aid: 1001,
    testName: 'Overnight paging - Sydney',
    interval: 1800,
    enabled: true,
    codec: CODECS.g7231,
    dscp: DSCPS.cs1,
    jitterBuffer: 50,
    duration: 10,
    port: 49156,
    targetCode: 'syd',
    targetAgentId: 507,
  }),
  httpTest(7100, 1001, 'Intranet portal', 'https://intranet.acme.example/'),
  voiceTest({
    testId: 7201,
    aid: 1002,
    testName: 'EMEA trunk - Paris',
    interval: 300,
    enabled: true,
    codec: CODECS.g711,
    dscp: DSCPS.ef,
    jitterBuffer: 40,
    duration: 10,
    port: 49160,
    targetCode: 'par',
    targetAgentId: 511,
    targetType: 'enterprise-cluster',
  }),
  voiceTest({
    testId: 7202,
    aid: 1002,
    testName: 'Madrid call centre',
    interval: 120,
    enabled: true,
    codec: CODECS.g726,
    dscp: DSCPS.af41,
    jitterBuffer: 40,
    duration: 10,
    port: 49161,
    targetCode: 'mad',
    targetAgentId: 512,
  }),
  httpTest(7203, 1002, 'EMEA booking site', 'https://booking.acme.example/'),
  voiceTest({
    testId: 7301,
    aid: 1003,
    testName: 'Lab loopback - Tokyo',
    interval: 60,
    enabled: true,
    codec: CODECS.rtaudio45,
    dscp: DSCPS.ef,
    jitterBuffer: 20,
    duration: 5,
    port: 49170,
    targetCode: 'tyo',
    targetAgentId: 521,
  }),
  voiceTest({
    testId: 7901,
    aid: 1900,
    testName: 'Globex trunk - New York',
    interval: 300,
    enabled: true,
    codec: CODECS.g711,
    dscp: DSCPS.ef,
    jitterBuffer: 40,
    duration: 10,
    port: 49180,
    targetCode: 'nyc',
    targetAgentId: 591,
  }),
];

export interface Agent {
  index: number;
  agentId: number;
  agentName: string;
  agentType: 'cloud' | 'enterprise';
  city: City;
  /** Index of city.region in REGIONS. */
  regionIndex: number;
  location: string;
  ipAddress: string;
  /** The public network (with its ASN), as /agents names it. */
  network: string;
  /** Enterprise agents only: cloud agents carry no state in /agents. */
  agentState: AgentState | undefined;
  /** Always-on loss, percent; 0 for a healthy agent. */
  chronicLossPercent: number;
  /** Access-network latency before the backbone, ms. */
  accessLatencyMs: number;
  basePdvMs: number;
  /** Enterprise networks that re-mark voice to best effort. */
  remarksDscp: boolean;
  /** Seconds into each round at which the agent's stream starts. */
  startOffsetSeconds: number;
}

export const MAX_AGENTS = 1000;

const CLOUD_NETWORKS = [
  'Cogent Communications (AS 174)',
  'Level 3 Parent, LLC (AS 3356)',
  'NTT America, Inc. (AS 2914)',
  'Telia Company AB (AS 1299)',
] as const;

/** Agent ids are sparse and increasing with the index, so id order is index order. */
export function buildAgents(count: number, hostile: boolean): Agent[] {
  const agents: Agent[] = [];
  const seenCityUses = new Map<string, number>();
  for (let index = 0; index < count; index += 1) {
    const city = CITIES[(index * 7) % CITIES.length] as City;
    const agentId = 1000 + index * 13;
    const agentType = index % 3 === 2 ? 'enterprise' : 'cloud';
    const uses = (seenCityUses.get(`${agentType}:${city.code}`) ?? 0) + 1;
    seenCityUses.set(`${agentType}:${city.code}`, uses);
    const cloudName = `${city.name}, ${city.country}`;
    let agentName =
      agentType === 'cloud'
        ? uses === 1
          ? cloudName
          : `${cloudName} (${uses})`
        : `${city.code}-office-${String(uses).padStart(2, '0')}`;
    if (hostile && index === 0) agentName = `<img src=x onerror="alert('agent')"> ${agentName}`;
    const profile = hashInts(hashString('agent-profile'), agentId);
    const chronic = unit(hashInts(profile, 1)) < 0.07;
    agents.push({
      index,
      agentId,
      agentName,
      agentType,
      city,
      regionIndex: REGIONS.indexOf(city.region),
      location: `${city.name}, ${city.country}`,
      ipAddress: `203.0.113.${(index % 250) + 1}`,
      network:
        agentType === 'cloud'
          ? (CLOUD_NETWORKS[index % CLOUD_NETWORKS.length] as string)
          : ENTERPRISE_NETWORK,
      agentState: agentType === 'cloud' ? undefined : 'online',
      chronicLossPercent: chronic ? 1.5 + 4.5 * unit(hashInts(profile, 2)) : 0,
      accessLatencyMs:
        agentType === 'cloud'
          ? 1 + 2 * unit(hashInts(profile, 3))
          : 4 + 14 * unit(hashInts(profile, 3)),
      basePdvMs:
        agentType === 'cloud'
          ? 1 + 2 * unit(hashInts(profile, 4))
          : 2 + 8 * unit(hashInts(profile, 4)),
      remarksDscp: agentType === 'enterprise' && unit(hashInts(profile, 5)) < 0.15,
      startOffsetSeconds: hashInts(profile, 6) % 60,
    });
  }
  return agents;
}

export function testsOfAccountGroup(aid: number): TestSpec[] {
  return TESTS.filter((test) => test.aid === aid);
}

export function findTest(testId: number): TestSpec | undefined {
  return TESTS.find((test) => test.testId === testId);
}

/**
 * The target agents /agents lists for an account group: those its voice tests stream to. With the
 * source agents (the same for every group) they are every agent a body of that group names.
 */
export function targetAgentsOfAccountGroup(aid: number): TargetAgent[] {
  return testsOfAccountGroup(aid).flatMap((test) =>
    test.type === 'voice' ? [test.targetAgent] : [],
  );
}
