// @vitest-environment jsdom
// The test page renders on every interval a long window's download brings (~60 on a cold week):
// the agents table's rows must not be rendered again each time, only when what they show changes.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as format from '../../lib/format.ts';
import { AgentsTable } from './agents-table.tsx';
import { summary } from './fixture-summaries.ts';

// Every row writes its counts with formatNumber: its calls count the rows' renders.
vi.mock('../../lib/format.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/format.ts')>();
  return { ...actual, formatNumber: vi.fn(actual.formatNumber) };
});

afterEach(cleanup);

describe('AgentsTable', () => {
  const summaries = [
    summary({ agentId: '1', agentName: 'Berlin', countryId: 'DE' }),
    summary({ agentId: '2', agentName: 'Cairo', countryId: 'EG' }),
  ];
  const onFocusAgent = () => {};
  const formatNumberCalls = () => vi.mocked(format.formatNumber).mock.calls.length;

  it('renders its rows again only when its props change, not when its page renders', () => {
    const page = (note: string) => (
      <section data-note={note}>
        <AgentsTable summaries={summaries} onFocusAgent={onFocusAgent} />
      </section>
    );
    const { rerender } = render(page('the head'));
    const firstRender = formatNumberCalls();
    expect(firstRender).toBeGreaterThan(0);
    rerender(page('an interval arrived'));
    expect(formatNumberCalls()).toBe(firstRender);
    rerender(
      <section>
        <AgentsTable summaries={summaries.slice(1)} onFocusAgent={onFocusAgent} />
      </section>,
    );
    expect(formatNumberCalls()).toBeGreaterThan(firstRender);
    expect(screen.queryByText('Berlin')).toBeNull();
    expect(screen.getByText('Cairo')).toBeTruthy();
  });
});
