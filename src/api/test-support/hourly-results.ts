// A v7 results body for the range a closed interval's URL asks (startDate + endDate), for tests of
// the interval data path: one round an hour, one agent.

/** One row an hour of the URL's [startDate, endDate), for agent 1 with MOS 4, plus `fields`. */
export function hourlyResultsFor(url: string, fields: Record<string, unknown> = {}) {
  const params = new URL(url, 'http://127.0.0.1').searchParams;
  const startMs = Date.parse(params.get('startDate') ?? '');
  const endMs = Date.parse(params.get('endDate') ?? '');
  const results = [];
  for (let ms = startMs; ms < endMs; ms += 3_600_000) {
    results.push({
      roundId: ms / 1000,
      agent: { agentId: '1', agentName: 'a' },
      mos: 4,
      errorDetail: '',
      ...fields,
    });
  }
  return { results, _links: {} };
}
