// The columns thread reads what this thread would read, and is really used.
import { describe, expect, it } from 'vitest';
import {
  columnsThreadStatus,
  intervalColumns,
  readIntervalColumns,
} from './closed-interval-columns.ts';

const ROUND = 1_768_456_800;

function joinedBody(rows: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      test: { testId: '7', interval: 60 },
      results: Array.from({ length: rows }, (_, index) => ({
        roundId: ROUND + 60 * Math.floor(index / 10),
        agent: { agentId: String(index % 10), agentName: `Zürich ${index % 10}`, countryId: 'CH' },
        mos: 4.1,
        loss: 0.2,
        _links: {
          appLink: {
            href: `https://app.thousandeyes.com/x?roundId=${ROUND + 60 * Math.floor(index / 10)}&agentId=${index % 10}`,
          },
        },
      })),
      _links: {},
    }),
  );
}

describe('reading closed intervals into round columns', () => {
  it('happens on the columns thread, with the bytes this thread would write, then scrubbed', async () => {
    const joined = joinedBody(500);
    const scrub = (bytes: Buffer) => Buffer.from(bytes.toString().replaceAll('Zürich', 'Z'));
    const read = await readIntervalColumns(joined, 'v7', '/x', scrub);
    expect(columnsThreadStatus()).toBe('running');
    expect(read?.toString()).toBe(scrub(intervalColumns(joined, 'v7', '/x')!).toString());
    expect(read?.toString()).toContain('"Z 3"');
  });

  it('has no columns for rows the readers refuse, and keeps the thread', async () => {
    const refused = Buffer.from(
      JSON.stringify({ results: [{ roundId: ROUND, agent: { agentId: '1' }, mos: 'good' }] }),
    );
    expect(await readIntervalColumns(refused, 'v7', '/x', (bytes) => bytes)).toBeUndefined();
    expect(columnsThreadStatus()).toBe('running');
  });
});
