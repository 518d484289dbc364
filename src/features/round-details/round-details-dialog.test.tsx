// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RoundResult } from '../../lib/model.ts';
import { buildRoundsMatrix } from '../../lib/rounds-matrix.ts';
import { RoundDetailsDialog } from './round-details-dialog.tsx';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods: open it as the browser would.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
});

const ROUND = 1_764_158_400; // 2025-11-26 12:00 UTC, a multiple of 300

function round(overrides: Partial<RoundResult>): RoundResult {
  return {
    agentId: '58',
    agentName: 'sjc-office-01',
    countryId: 'US',
    roundId: ROUND,
    dateMs: ROUND * 1000,
    permalink: undefined,
    permalinkText: undefined,
    dscp: '46',
    dscpName: 'EF',
    mos: 4.2,
    codecName: 'G.711 @ 64 Kbps',
    codecMaxMos: 4.41,
    loss: 0,
    discards: 0,
    latency: 20,
    pdv: 1,
    errorDetail: '',
    serverIp: undefined,
    ...overrides,
  };
}

function renderDialog(rows: RoundResult[], agentLocationOf?: (agentId: string) => string) {
  const matrix = buildRoundsMatrix(rows, {
    startMs: (ROUND - 600) * 1000,
    endMs: (ROUND + 600) * 1000,
    intervalSeconds: 300,
  });
  render(
    <RoundDetailsDialog
      matrix={matrix}
      rows={rows}
      agentId="58"
      roundId={ROUND}
      timeZone="utc"
      onClose={() => {}}
      onNavigate={() => {}}
      shareUrl="http://127.0.0.1/tests/1"
      agentLocationOf={agentLocationOf}
    />,
  );
  return screen.getByRole('dialog', { name: 'Round details' });
}

function field(dialog: HTMLElement, term: string): string | null | undefined {
  const terms = within(dialog).getAllByRole('term');
  return terms.find((element) => element.textContent === term)?.nextElementSibling?.textContent;
}

describe('RoundDetailsDialog', () => {
  it("names the agent with the row's location, under the title and in its fields", () => {
    const dialog = renderDialog([round({ agentLocation: 'San Jose, CA' })], () => 'elsewhere');
    expect(within(dialog).getByText(/^sjc-office-01 \(San Jose, CA\) · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('San Jose, CA');
  });

  it('takes the location from /agents when the row does not say', () => {
    const dialog = renderDialog([round({ agentLocation: undefined })], (agentId) =>
      agentId === '58' ? 'Santa Clara, CA' : 'elsewhere',
    );
    expect(within(dialog).getByText(/^sjc-office-01 \(Santa Clara, CA\) · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('Santa Clara, CA');
  });

  it('says when no location is known', () => {
    const dialog = renderDialog([round({ agentLocation: undefined })]);
    expect(within(dialog).getByText(/^sjc-office-01 · /)).toBeTruthy();
    expect(field(dialog, 'Location')).toBe('not given');
  });
});
