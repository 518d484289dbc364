// The published v7 specification's shapes for the bodies Earshot reads, written by hand from it
// (docs/thousandeyes-spec.md says which version), and bodies built from its own examples. Test
// support only: the contract tests run Earshot's schemas and adapters over these bodies, and
// check the simulator's bodies against the same shapes. The app never imports this file.
// Over 300 lines: test support, mostly the spec's shapes and example bodies (data), one entry per
// body Earshot reads.

/** A JSON shape: a small subset of OpenAPI's schema objects, enough for these bodies. */
export type Shape =
  | { type: 'string'; enum?: readonly string[] }
  | { type: 'integer'; enum?: readonly number[]; minimum?: number; maximum?: number }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'array'; items: Shape }
  | { type: 'object'; properties: Record<string, Shape>; required?: readonly string[] };

const text: Shape = { type: 'string' };
const integer: Shape = { type: 'integer' };
const number: Shape = { type: 'number' };
const flag: Shape = { type: 'boolean' };

/** HAL's Link: `href` is its only required member. */
const link: Shape = {
  type: 'object',
  properties: { href: text, templated: flag, type: text, title: text },
  required: ['href'],
};

/** TestInterval: seconds, one of the spec's values. */
export const SPEC_INTERVALS = [60, 120, 300, 600, 900, 1800, 3600] as const;
const interval: Shape = { type: 'integer', enum: SPEC_INTERVALS };

/** The spec's codecId values and the codec each names. */
export const SPEC_CODECS: Readonly<Record<string, string>> = {
  '0': 'G.711 @ 64 Kbps',
  '1': 'G.722.1 @ 24 Kbps',
  '2': 'G.722.1 @ 32 Kbps',
  '3': 'G.726 @ 32 Kbps',
  '4': 'G.723.1 @ 6.4 Kbps',
  '5': 'G.729a @ 8 Kbps',
  '6': 'RTAudio @ 45 Kbps',
  '7': 'RTAudio @ 27.8 Kbps',
  '8': 'SILK @ 36 Kbps',
  '9': 'G.722 @ 64 Kbps',
};

/** SimpleTest: the test a results page embeds. Every field is optional. */
const simpleTest: Shape = {
  type: 'object',
  properties: {
    interval,
    alertsEnabled: flag,
    enabled: flag,
    createdBy: text,
    createdDate: text,
    description: text,
    liveShare: flag,
    modifiedBy: text,
    modifiedDate: text,
    savedEvent: flag,
    testId: text,
    testName: text,
    type: text,
    _links: { type: 'object', properties: {} },
  },
};

/** UnexpandedVoiceTest (`/tests/voice`) and VoiceTest (`/tests/voice/{id}`). */
export const VOICE_TEST_SHAPE: Shape = {
  type: 'object',
  properties: {
    ...(simpleTest.type === 'object' ? simpleTest.properties : {}),
    codec: text,
    codecId: { type: 'string', enum: Object.keys(SPEC_CODECS) },
    dscp: text,
    dscpId: text,
    duration: { type: 'integer', minimum: 5, maximum: 30 },
    jitterBuffer: { type: 'integer', minimum: 0, maximum: 150 },
    numPathTraces: { type: 'integer', minimum: 1, maximum: 10 },
    port: { type: 'integer', minimum: 1024, maximum: 65535 },
    randomizedStartTime: flag,
    targetAgentId: text,
    bgpMeasurements: flag,
    usePublicBgp: flag,
    labels: { type: 'array', items: { type: 'object', properties: {} } },
  },
  required: ['interval', 'targetAgentId'],
};

export const VOICE_TESTS_SHAPE: Shape = {
  type: 'object',
  properties: {
    tests: { type: 'array', items: VOICE_TEST_SHAPE },
    _links: { type: 'object', properties: { self: link } },
  },
};

/** RtpStreamTestResult: every field optional, times as integer epoch seconds. */
export const RESULT_ROW_SHAPE: Shape = {
  type: 'object',
  properties: {
    date: text,
    roundId: integer,
    startTime: integer,
    endTime: integer,
    agent: {
      type: 'object',
      properties: { agentId: text, agentName: text, countryId: text, location: text },
    },
    serverIp: text,
    dscp: text,
    dscpName: text,
    mos: number,
    codecName: text,
    codecMaxMos: number,
    loss: number,
    discards: number,
    latency: integer,
    pdv: integer,
    errorDetail: text,
    _links: { type: 'object', properties: { appLink: link } },
  },
};

export const RESULTS_PAGE_SHAPE: Shape = {
  type: 'object',
  properties: {
    results: { type: 'array', items: RESULT_ROW_SHAPE },
    test: simpleTest,
    startDate: text,
    endDate: text,
    _links: { type: 'object', properties: { self: link, next: link, previous: link } },
  },
};

export const SPEC_AGENT_TYPES = ['cloud', 'enterprise-cluster', 'enterprise'] as const;
export const SPEC_AGENT_STATES = ['online', 'offline', 'disabled', 'unknown'] as const;

/** CloudEnterpriseAgent: `agentType` is its only required field. */
export const AGENT_SHAPE: Shape = {
  type: 'object',
  properties: {
    agentType: { type: 'string', enum: SPEC_AGENT_TYPES },
    agentId: text,
    agentName: text,
    location: text,
    countryId: text,
    network: text,
    enabled: flag,
    ipAddresses: { type: 'array', items: text },
    publicIpAddresses: { type: 'array', items: text },
    agentState: { type: 'string', enum: SPEC_AGENT_STATES },
    _links: { type: 'object', properties: {} },
  },
  required: ['agentType'],
};

export const AGENTS_SHAPE: Shape = {
  type: 'object',
  properties: {
    agents: { type: 'array', items: AGENT_SHAPE },
    _links: { type: 'object', properties: { self: link } },
  },
};

/** UnauthorizedError, sent as application/problem+json. */
export const UNAUTHORIZED_SHAPE: Shape = {
  type: 'object',
  properties: { error: text, error_description: text },
};

/** Where `value` departs from `shape`, one line each (`results[3].startTime: …`); [] if nowhere. */
export function shapeProblems(value: unknown, shape: Shape, where = 'the body'): string[] {
  const problems: string[] = [];
  check(value, shape, where, problems);
  return problems;
}

function check(value: unknown, shape: Shape, where: string, problems: string[]): void {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${where}: expected a string`);
      else if (shape.enum && !shape.enum.includes(value)) {
        problems.push(`${where}: ${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.push(`${where}: expected an integer, got ${JSON.stringify(value)}`);
      } else if (shape.enum && !shape.enum.includes(value)) {
        problems.push(`${where}: ${value} is not one of ${shape.enum.join(', ')}`);
      } else if (
        (shape.minimum !== undefined && value < shape.minimum) ||
        (shape.maximum !== undefined && value > shape.maximum)
      ) {
        problems.push(`${where}: ${value} is outside ${shape.minimum}–${shape.maximum}`);
      }
      return;
    case 'number':
      if (typeof value !== 'number') problems.push(`${where}: expected a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${where}: expected true or false`);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${where}: expected an array`);
        return;
      }
      value.forEach((item, index) => check(item, shape.items, `${where}[${index}]`, problems));
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where}: expected an object`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined) problems.push(`${where}.${name}: required, missing`);
      }
      for (const [name, member] of Object.entries(shape.properties)) {
        if (record[name] !== undefined) check(record[name], member, `${where}.${name}`, problems);
      }
    }
  }
}

// Bodies built from the spec's own examples (values as the spec's `example` members give them;
// `location` has none there, so it is ours).

export const SPEC_EXAMPLE_ROW = {
  date: '2022-07-17T22:00:54Z',
  roundId: 1384309800,
  startTime: 1384309800,
  endTime: 1384309805,
  agent: {
    agentId: '281474976710706',
    agentName: 'thousandeyes-stg-va-254',
    countryId: 'US',
    location: 'Ashburn, VA',
  },
  serverIp: '172.97.102.37',
  dscp: '46',
  dscpName: 'EF (DSCP 46)',
  mos: 4.351024,
  codecName: 'G.711 @ 64 Kbps',
  codecMaxMos: 4.41,
  loss: 0.0,
  discards: 0,
  latency: 103,
  pdv: 1,
  errorDetail: '',
  _links: {
    appLink: {
      href: 'https://app.thousandeyes.com/view/tests?__a=105&testId=195&roundId=1692916680&agentId=125',
    },
  },
} as const;

export const SPEC_EXAMPLE_VOICE_TEST = {
  interval: 120,
  alertsEnabled: true,
  enabled: true,
  createdBy: 'user@user.com',
  createdDate: '2022-07-17T22:00:54Z',
  description: 'ThousandEyes Test',
  liveShare: false,
  modifiedBy: 'user@user.com',
  modifiedDate: '2022-07-17T22:00:54Z',
  savedEvent: false,
  testId: '281474976710706',
  testName: 'ThousandEyes Test',
  type: 'voice',
  codec: 'G.711 @ 64 Kbps',
  codecId: '0',
  dscp: 'EF (DSCP 46)',
  dscpId: '46',
  duration: 5,
  jitterBuffer: 40,
  port: 49152,
  targetAgentId: '281474976710707',
  _links: { self: { href: 'https://api.thousandeyes.com/v7/tests/voice/281474976710706' } },
} as const;

/** UnexpandedVoiceTest with every optional field left out. */
export const SPEC_MINIMAL_VOICE_TEST = {
  interval: 120,
  targetAgentId: '281474976710707',
} as const;

export const SPEC_EXAMPLE_AGENT = {
  agentType: 'enterprise',
  agentId: '281474976710707',
  agentName: 'sjc-office-01',
  location: 'San Jose, CA',
  countryId: 'US',
  network: 'Acme Corporation (AS 64500)',
  enabled: true,
  agentState: 'online',
  ipAddresses: ['10.0.0.5'],
} as const;

/** CloudEnterpriseAgent with every optional field left out. */
export const SPEC_MINIMAL_AGENT = { agentType: 'cloud' } as const;

/** A results page as the spec builds it, with one row and the given links. */
export function specResultsPage(
  options: {
    results?: readonly unknown[];
    test?: unknown;
    next?: string;
  } = {},
): Record<string, unknown> {
  const links: Record<string, unknown> = {
    self: { href: 'https://api.thousandeyes.com/v7/test-results/281474976710706/rtp-server' },
  };
  if (options.next !== undefined) links.next = { href: options.next };
  return {
    results: options.results ?? [SPEC_EXAMPLE_ROW],
    test: options.test ?? SPEC_EXAMPLE_VOICE_TEST,
    startDate: '2022-07-17T22:00:00Z',
    endDate: '2022-07-17T22:05:00Z',
    _links: links,
  };
}
